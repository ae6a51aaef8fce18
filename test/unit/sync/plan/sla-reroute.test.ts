import { describe, expect, it } from 'vitest';
import type { SlaBreach } from '../../../../src/stages/stage-state.ts';
import type { RecordSnapshot } from '../../../../src/state/types.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { slaRerouteWrites } from '../../../../src/sync/plan/sla-reroute.ts';
import { lead, write } from '../fixtures.ts';

const breach = (reassignedTo: string | null): SlaBreach => ({
  mqlAt: '2026-10-28T08:00:00.000Z',
  dueAt: '2026-10-29T08:00:00.000Z',
  detectedAt: '2026-11-02T08:00:00.000Z',
  reassignedTo,
});
const owned = lead('00Q1', { OwnerId: '005A' });

describe('slaRerouteWrites', () => {
  it.each<[string, SlaBreach | undefined, RecordSnapshot | undefined, PlannedWrite[]]>([
    [
      'a breach with an owner picked moves the Lead to it',
      breach('005B'),
      owned,
      [write(owned, 'OwnerId', '005A', '005B', 'SLA breached (due 2026-10-29T08:00:00.000Z)')],
    ],
    [
      'a Lead without an owner field',
      breach('005B'),
      lead('00Q1'),
      [write(owned, 'OwnerId', null, '005B', 'SLA breached (due 2026-10-29T08:00:00.000Z)')],
    ],
    ['no reassignTo list: the breach is only reported', breach(null), owned, []],
    ['no Lead (a HubSpot-only MQL): nobody to re-route in Salesforce', breach('005B'), undefined, []],
    ['no breach this run', undefined, owned, []],
  ])('%s', (_case, slaBreach, leadSnap, expected) => {
    expect(slaRerouteWrites(slaBreach, leadSnap)).toEqual(expected);
  });
});
