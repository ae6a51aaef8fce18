import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../../src/domain/activity.ts';
import type { FieldValue } from '../../../../src/domain/person.ts';
import type { Score } from '../../../../src/scoring/types.ts';
import type { StageEvidence } from '../../../../src/stages/next-stage.ts';
import type { PersonInputs } from '../../../../src/sync/plan-person.ts';
import { emptyPersonState } from '../../../../src/sync/person-state.ts';
import { stageEvidence } from '../../../../src/sync/plan/stage-evidence.ts';
import { contact, exampleConfig, hubspot, inputs, lead } from '../fixtures.ts';

const score: Score = {
  profile: 40,
  engagement: 25,
  total: 65,
  grade: 'C',
  level: '3',
  cell: 'C3',
  mql: true,
  contributions: [],
  explanation: 'x',
  modelVersion: 'm-1',
};
const activity = (sourceId: string, occurredAt: string): Activity => ({
  crm: 'hubspot',
  sourceId,
  recordId: '101',
  type: 'page_view',
  occurredAt,
});
const plain = exampleConfig();
const withOverride = exampleConfig((c) => ({
  ...c,
  scoring: { ...c.scoring, override: { ...c.scoring.override, stageField: 'leadloop_stage_override' } },
}));
const base = {
  score,
  converted: false,
  opportunities: [],
  overrideStage: null,
  reassignCounter: 0,
  lastActivityAt: null,
};

describe('stageEvidence', () => {
  it.each<[string, PersonInputs, Record<string, FieldValue>, typeof plain, number, StageEvidence]>([
    [
      'a HubSpot-only person carries no sales status at all',
      inputs({ hubspot: hubspot('101') }),
      {},
      plain,
      0,
      base,
    ],
    [
      'the Lead’s status is the sales feedback',
      inputs({ lead: lead('00Q1', { Status: 'Working - Contacted' }) }),
      {},
      plain,
      0,
      { ...base, salesStatus: 'Working - Contacted' },
    ],
    [
      'a Lead without a status reads as null (the stage step sees it cleared)',
      inputs({ lead: lead('00Q1', { Status: null }) }),
      {},
      plain,
      0,
      { ...base, salesStatus: null },
    ],
    [
      'a converted Lead',
      inputs({ lead: lead('00Q1', { IsConverted: true }) }),
      {},
      plain,
      0,
      { ...base, salesStatus: null, converted: true },
    ],
    [
      'a person linked to a Lead and a Contact counts as converted',
      inputs({ lead: lead('00Q1'), contact: contact('003A') }),
      {},
      plain,
      0,
      { ...base, salesStatus: null, converted: true },
    ],
    [
      'a person linking moved from a converted Lead to its Contact counts as converted',
      inputs({
        contact: contact('003A'),
        state: {
          ...emptyPersonState(),
          conversion: { leadId: '00Q1', contactId: '003A', at: '2026-10-01T00:00:00.000Z' },
        },
      }),
      {},
      plain,
      0,
      { ...base, converted: true },
    ],
    [
      'a Contact that was never a Lead is not converted',
      inputs({ contact: contact('003A') }),
      {},
      plain,
      0,
      base,
    ],
    [
      'the round-robin counter is passed on for an SLA re-route',
      inputs({ hubspot: hubspot('101') }),
      {},
      plain,
      7,
      { ...base, reassignCounter: 7 },
    ],
    [
      'the latest activity by time, whatever the ledger order',
      inputs({
        hubspot: hubspot('101'),
        activities: [
          activity('a', '2026-10-01T00:00:00.000Z'),
          activity('b', '2026-10-20T00:00:00.000Z'),
          activity('c', '2026-10-05T00:00:00.000Z'),
        ],
      }),
      {},
      plain,
      0,
      { ...base, lastActivityAt: '2026-10-20T00:00:00.000Z' },
    ],
    [
      'an override in any case is a stage',
      inputs({ hubspot: hubspot('101') }),
      { leadloop_stage_override: 'sql' },
      withOverride,
      0,
      { ...base, overrideStage: 'SQL' },
    ],
    [
      'an override that is no stage is none',
      inputs({ hubspot: hubspot('101') }),
      { leadloop_stage_override: 'hot' },
      withOverride,
      0,
      base,
    ],
    [
      'without a configured override field the value is ignored',
      inputs({ hubspot: hubspot('101') }),
      { leadloop_stage_override: 'SQL' },
      plain,
      0,
      base,
    ],
  ])('%s', (_case, person, canonical, config, roundRobin, expected) => {
    expect(stageEvidence(person, canonical, score, config, roundRobin)).toEqual(expected);
  });
});
