import { describe, expect, it } from 'vitest';
import type { StageKey } from '../../../../src/stages/schema.ts';
import type { RecordSnapshot } from '../../../../src/state/types.ts';
import { lifecycleStageChange, type LifecycleChange } from '../../../../src/sync/plan/lifecycle-stage.ts';
import { hubspot, write } from '../fixtures.ts';

const MAP = {
  MIL: 'lead',
  MQL: 'marketingqualifiedlead',
  SQL: 'salesqualifiedlead',
  WON: 'customer',
  SAL: 'x-accepted',
};
const at = (lifecyclestage?: string): RecordSnapshot =>
  hubspot('101', lifecyclestage === undefined ? {} : { lifecyclestage });
const moved = (from: string | null, to: string): LifecycleChange => ({
  kind: 'write',
  write: write(at(), 'lifecyclestage', from, to, 'stage X (score)'),
});

describe('lifecycleStageChange: HubSpot lifecyclestage only forwards', () => {
  it.each<
    [string, RecordSnapshot | undefined, StageKey, Record<string, string> | undefined, LifecycleChange]
  >([
    ['forward: lead to MQL', at('lead'), 'MQL', MAP, moved('lead', 'marketingqualifiedlead')],
    ['an empty stage is set', at(), 'MQL', MAP, moved(null, 'marketingqualifiedlead')],
    ['already there', at('marketingqualifiedlead'), 'MQL', MAP, { kind: 'none' }],
    [
      'backwards: a customer scored MQL is reported, not written',
      at('customer'),
      'MQL',
      MAP,
      {
        kind: 'blocked',
        message: 'lifecyclestage customer → marketingqualifiedlead: HubSpot only moves it forward',
      },
    ],
    [
      'backwards by one step',
      at('salesqualifiedlead'),
      'MIL',
      MAP,
      { kind: 'blocked', message: 'lifecyclestage salesqualifiedlead → lead: HubSpot only moves it forward' },
    ],
    [
      'a custom target cannot be ranked: written',
      at('customer'),
      'SAL',
      MAP,
      moved('customer', 'x-accepted'),
    ],
    [
      'a custom current value cannot be ranked: written',
      at('x-partner'),
      'MQL',
      MAP,
      moved('x-partner', 'marketingqualifiedlead'),
    ],
    ['a stage the map leaves out is not touched', at('lead'), 'RECYCLED', MAP, { kind: 'none' }],
    ['no map configured', at('lead'), 'MQL', undefined, { kind: 'none' }],
    ['no HubSpot contact', undefined, 'MQL', MAP, { kind: 'none' }],
  ])('%s', (_case, snap, stage, map, expected) => {
    expect(lifecycleStageChange(snap, stage, map, 'stage X (score)')).toEqual(expected);
  });
});
