import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../../src/domain/person.ts';
import type { OrgRewrite } from '../../../../src/sync/person-state.ts';
import { settleOrgRewrites } from '../../../../src/sync/plan/org-rewrites.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { lead, write } from '../fixtures.ts';

const snap = lead('00Q1');
const titleWrite = (from: FieldValue, to: FieldValue): PlannedWrite =>
  write(snap, 'Title', from, to, 'mapping always-hubspot:always');
const rewrite = (wrote: FieldValue, held: FieldValue): OrgRewrite => ({
  crm: 'salesforce',
  object: 'lead',
  id: '00Q1',
  field: 'Title',
  wrote,
  held,
});

describe('settleOrgRewrites', () => {
  it.each<[string, PlannedWrite, FieldValue | undefined, OrgRewrite[], 'written' | 'accepted', OrgRewrite[]]>(
    [
      ['first sync: written, nothing remembered', titleWrite(null, 'VP Sales'), undefined, [], 'written', []],
      [
        'a new value leadloop never synced: written, nothing remembered',
        titleWrite('CTO', 'VP Sales'),
        'CTO',
        [],
        'written',
        [],
      ],
      [
        'the record moved off the value the last sync left: written once more, remembered',
        titleWrite('Vice President Sales', 'VP Sales'),
        'VP Sales',
        [],
        'written',
        [rewrite('VP Sales', 'Vice President Sales')],
      ],
      [
        'the org rewrote it the same way again: accepted, still remembered',
        titleWrite('Vice President Sales', 'VP Sales'),
        'Vice President Sales',
        [rewrite('VP Sales', 'Vice President Sales')],
        'accepted',
        [rewrite('VP Sales', 'Vice President Sales')],
      ],
      [
        "leadloop's value changed since: written, the old rewrite forgotten",
        titleWrite('Vice President Sales', 'CEO'),
        'Vice President Sales',
        [rewrite('VP Sales', 'Vice President Sales')],
        'written',
        [],
      ],
      [
        'the record now holds something else (a person edited it): written once more',
        titleWrite('Head of Sales', 'VP Sales'),
        'VP Sales',
        [rewrite('VP Sales', 'Vice President Sales')],
        'written',
        [rewrite('VP Sales', 'Head of Sales')],
      ],
      [
        'a rewrite of another record is not this one',
        titleWrite('Vice President Sales', 'VP Sales'),
        'Vice President Sales',
        [{ ...rewrite('VP Sales', 'Vice President Sales'), id: '00Q2' }],
        'written',
        [],
      ],
    ],
  )('%s', (_case, w, synced, previous, outcome, remembered) => {
    const d = settleOrgRewrites([w], () => synced, previous);
    expect(d.writes).toEqual(outcome === 'written' ? [w] : []);
    expect(d.accepted).toEqual(outcome === 'accepted' ? previous : []);
    expect(d.remembered).toEqual(remembered);
  });
});
