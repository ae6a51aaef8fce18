import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../../src/domain/person.ts';
import type { RecordSnapshot } from '../../../../src/state/types.ts';
import { ownFieldWrites, type OwnValues } from '../../../../src/sync/plan/own-field-writes.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { contact, hubspot, write } from '../fixtures.ts';

const STAGE = 'stage MQL (score)';
const own: OwnValues = {
  score: 72,
  grade: 'B',
  stage: 'MQL',
  mqlDate: '2026-11-01T10:00:00.000Z',
  sqlDate: null,
  explanation: 'Demo request +50',
  modelVersion: 'm-1',
};
const held: Record<string, FieldValue> = {
  leadloop_score: '72',
  leadloop_grade: 'B',
  leadloop_stage: 'MQL',
  leadloop_mql_date: '1793527200000',
  leadloop_explanation: 'Demo request +50',
  leadloop_model_version: 'm-1',
};
const hs = (fields: Record<string, FieldValue>): RecordSnapshot => hubspot('h1', fields);

describe('ownFieldWrites: only where the CRM holds something else', () => {
  it.each<[string, RecordSnapshot, OwnValues, PlannedWrite[]]>([
    [
      'a record without leadloop fields gets each one leadloop sets (a null stage date is no write)',
      hs({}),
      own,
      [
        write(hs({}), 'leadloop_score', null, 72, 'score'),
        write(hs({}), 'leadloop_grade', null, 'B', 'score'),
        write(hs({}), 'leadloop_stage', null, 'MQL', STAGE),
        write(hs({}), 'leadloop_mql_date', null, '2026-11-01T10:00:00.000Z', STAGE),
        write(hs({}), 'leadloop_explanation', null, 'Demo request +50', 'score'),
        write(hs({}), 'leadloop_model_version', null, 'm-1', 'score'),
      ],
    ],
    ['the same values in HubSpot spellings (number as text, epoch-ms date) write nothing', hs(held), own, []],
    [
      'a stage date the person no longer has is cleared',
      hs({ ...held, leadloop_sql_date: '2026-10-20T00:00:00.000Z' }),
      own,
      [write(hs({}), 'leadloop_sql_date', '2026-10-20T00:00:00.000Z', null, STAGE)],
    ],
    [
      'an explanation that moved alone (decay) is left as it is',
      hs(held),
      { ...own, explanation: 'Demo request +49.7' },
      [],
    ],
    [
      'a blank explanation is filled even when the score holds',
      hs({ ...held, leadloop_explanation: '' }),
      own,
      [write(hs({}), 'leadloop_explanation', '', 'Demo request +50', 'score')],
    ],
    [
      'a score change rewrites the explanation with it',
      hs(held),
      { ...own, score: 80, explanation: 'Demo request +50, Meeting +8' },
      [
        write(hs({}), 'leadloop_score', '72', 80, 'score'),
        write(hs({}), 'leadloop_explanation', 'Demo request +50', 'Demo request +50, Meeting +8', 'score'),
      ],
    ],
    [
      'a new model version counts as a score change',
      hs(held),
      { ...own, modelVersion: 'm-2', explanation: 'Demo request +49.7' },
      [
        write(hs({}), 'leadloop_explanation', 'Demo request +50', 'Demo request +49.7', 'score'),
        write(hs({}), 'leadloop_model_version', 'm-1', 'm-2', 'score'),
      ],
    ],
    [
      'keys leadloop does not set (the linked id) are never written',
      hs({ ...held, leadloop_salesforce_id: 'stale' }),
      own,
      [],
    ],
  ])('%s', (_case, snap, values, expected) => {
    expect(ownFieldWrites(snap, values, 'leadloop', STAGE)).toEqual(expected);
  });

  it('names Salesforce fields from the prefix on the record’s own object', () => {
    const c = contact('003A', { Acme_Score__c: 72 });
    expect(ownFieldWrites(c, { score: 72, stage: 'SQL' }, 'acme', 'stage SQL (converted)')).toEqual([
      write(c, 'Acme_Stage__c', null, 'SQL', 'stage SQL (converted)'),
    ]);
  });
});
