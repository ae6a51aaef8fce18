import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../src/domain/person.ts';
import { MappingValueError } from '../../../src/mapping/mapping-value-error.ts';
import type { Direction, SyncRule, Transform } from '../../../src/mapping/schema.ts';
import { type SideState, type SyncDecision, decideSync } from '../../../src/mapping/sync-rules.ts';

const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-01-02T00:00:00.000Z';
const T2 = '2024-01-03T00:00:00.000Z';
const NONE = Symbol('no snapshot');

/** A side: current value, snapshot value (NONE = first sync), record modifiedAt. */
function side(
  value: FieldValue,
  synced: FieldValue | typeof NONE,
  modifiedAt = T0,
  changedAt?: string,
): SideState {
  return { value, synced: synced === NONE ? undefined : synced, modifiedAt, changedAt };
}

function decide(
  rule: SyncRule,
  hs: SideState,
  sf: SideState,
  direction: Direction = 'both',
  transform?: Transform,
): SyncDecision {
  return decideSync(hs, sf, { field: 'jobtitle → Title', rule, direction, transform });
}

type Row = [
  name: string,
  rule: SyncRule,
  hs: SideState,
  sf: SideState,
  expected: SyncDecision,
  direction?: Direction,
];

const rows: Row[] = [
  // two-way: first sync (no snapshot)
  [
    'two-way first sync: blank HubSpot takes Salesforce',
    'two-way',
    side(null, NONE),
    side('b', NONE),
    { source: 'salesforce', hubspot: { value: 'b', reason: 'two-way:first-sync' } },
  ],
  [
    'two-way first sync: blank Salesforce takes HubSpot',
    'two-way',
    side('a', NONE, T0),
    side('', NONE, T2),
    { source: 'hubspot', salesforce: { value: 'a', reason: 'two-way:first-sync' } },
  ],
  ['two-way first sync: both blank', 'two-way', side(null, NONE), side('', NONE), { source: 'salesforce' }],
  ['two-way first sync: equal', 'two-way', side('a', NONE), side('a', NONE), { source: 'salesforce' }],
  [
    'two-way first sync: different, HubSpot record newer',
    'two-way',
    side('a', NONE, T2),
    side('b', NONE, T1),
    {
      source: 'hubspot',
      salesforce: { value: 'a', reason: 'two-way:first-sync' },
      conflict: { kind: 'first-sync', hubspot: 'a', salesforce: 'b', winner: 'hubspot' },
    },
  ],
  [
    'two-way first sync: different, Salesforce record newer',
    'two-way',
    side('a', NONE, T1),
    side('b', NONE, T2),
    {
      source: 'salesforce',
      hubspot: { value: 'b', reason: 'two-way:first-sync' },
      conflict: { kind: 'first-sync', hubspot: 'a', salesforce: 'b', winner: 'salesforce' },
    },
  ],
  [
    'two-way first sync: same time, Salesforce wins the tie',
    'two-way',
    side('a', NONE, T1),
    side('b', NONE, T1),
    {
      source: 'salesforce',
      hubspot: { value: 'b', reason: 'two-way:first-sync' },
      conflict: { kind: 'first-sync', hubspot: 'a', salesforce: 'b', winner: 'salesforce' },
    },
  ],
  [
    'two-way first sync when only one side has a snapshot',
    'two-way',
    side('a', 'a'),
    side(null, NONE),
    { source: 'hubspot', salesforce: { value: 'a', reason: 'two-way:first-sync' } },
  ],
  // two-way: with a snapshot
  [
    'two-way: HubSpot changed',
    'two-way',
    side('new', 'old', T0),
    side('old', 'old', T2),
    { source: 'hubspot', salesforce: { value: 'new', reason: 'two-way:hubspot-changed' } },
  ],
  [
    'two-way: Salesforce changed',
    'two-way',
    side('old', 'old', T2),
    side('new', 'old', T0),
    { source: 'salesforce', hubspot: { value: 'new', reason: 'two-way:salesforce-changed' } },
  ],
  [
    'two-way: both changed, HubSpot field changed later (field time beats record time)',
    'two-way',
    side('h', 'old', T0, T2),
    side('s', 'old', T2, T1),
    {
      source: 'hubspot',
      salesforce: { value: 'h', reason: 'two-way:both-changed' },
      conflict: { kind: 'both-changed', hubspot: 'h', salesforce: 's', winner: 'hubspot' },
    },
  ],
  [
    'two-way: both changed, Salesforce record modified later',
    'two-way',
    side('h', 'old', T1),
    side('s', 'old', T2),
    {
      source: 'salesforce',
      hubspot: { value: 's', reason: 'two-way:both-changed' },
      conflict: { kind: 'both-changed', hubspot: 'h', salesforce: 's', winner: 'salesforce' },
    },
  ],
  [
    'two-way: both changed to the same value',
    'two-way',
    side('x', 'old', T1),
    side('x', 'old', T2),
    { source: 'salesforce' },
  ],
  ['two-way: neither changed', 'two-way', side('a', 'a'), side('a', 'a'), {}],
  [
    'two-way: neither changed but they differ (left by a direction)',
    'two-way',
    side('a', 'a'),
    side('b', 'b'),
    {},
  ],
  [
    'two-way: leadloop wrote Salesforce; its echo is not a change',
    'two-way',
    side('new', 'new', T0),
    side('new', 'new', T2),
    {},
  ],
  [
    'two-way: HubSpot cleared',
    'two-way',
    side('', 'old'),
    side('old', 'old'),
    { source: 'hubspot', salesforce: { value: null, reason: 'two-way:hubspot-changed' } },
  ],
  [
    'two-way: Salesforce cleared',
    'two-way',
    side('old', 'old'),
    side(null, 'old'),
    { source: 'salesforce', hubspot: { value: null, reason: 'two-way:salesforce-changed' } },
  ],
  ['two-way: blank to blank is no change', 'two-way', side('', null), side(null, ''), {}],
  [
    'two-way, to-hubspot: HubSpot changed writes nothing',
    'two-way',
    side('new', 'old'),
    side('old', 'old'),
    { source: 'hubspot' },
    'to-hubspot',
  ],
  [
    'two-way, to-salesforce: Salesforce changed writes nothing',
    'two-way',
    side('old', 'old'),
    side('new', 'old'),
    { source: 'salesforce' },
    'to-salesforce',
  ],
  [
    'two-way, to-hubspot: Salesforce changed',
    'two-way',
    side('old', 'old'),
    side('new', 'old'),
    { source: 'salesforce', hubspot: { value: 'new', reason: 'two-way:salesforce-changed' } },
    'to-hubspot',
  ],
  // prefer-salesforce-unless-blank
  [
    'prefer SF: Salesforce value wins',
    'prefer-salesforce-unless-blank',
    side('a', NONE),
    side('b', NONE),
    {
      source: 'salesforce',
      hubspot: { value: 'b', reason: 'prefer-salesforce-unless-blank:preferred-value' },
    },
  ],
  [
    'prefer SF: a HubSpot edit is overwritten',
    'prefer-salesforce-unless-blank',
    side('edit', 'b', T2),
    side('b', 'b', T0),
    {
      source: 'salesforce',
      hubspot: { value: 'b', reason: 'prefer-salesforce-unless-blank:preferred-value' },
    },
  ],
  [
    'prefer SF: Salesforce blank on first sync is filled',
    'prefer-salesforce-unless-blank',
    side('a', NONE),
    side(null, NONE),
    { source: 'hubspot', salesforce: { value: 'a', reason: 'prefer-salesforce-unless-blank:fill-blank' } },
  ],
  [
    'prefer SF: Salesforce never had a value, HubSpot changed',
    'prefer-salesforce-unless-blank',
    side('a2', 'a'),
    side('', ''),
    { source: 'hubspot', salesforce: { value: 'a2', reason: 'prefer-salesforce-unless-blank:fill-blank' } },
  ],
  [
    'prefer SF: Salesforce cleared clears HubSpot',
    'prefer-salesforce-unless-blank',
    side('b', 'b'),
    side(null, 'b'),
    {
      source: 'salesforce',
      hubspot: { value: null, reason: 'prefer-salesforce-unless-blank:preferred-cleared' },
    },
  ],
  [
    'prefer SF: both blank',
    'prefer-salesforce-unless-blank',
    side(null, NONE),
    side('', NONE),
    { source: 'hubspot' },
  ],
  [
    'prefer SF: already equal',
    'prefer-salesforce-unless-blank',
    side('b', 'b'),
    side('b', 'b'),
    { source: 'salesforce' },
  ],
  [
    'prefer SF, to-hubspot: a blank Salesforce is not filled',
    'prefer-salesforce-unless-blank',
    side('a', NONE),
    side(null, NONE),
    { source: 'hubspot' },
    'to-hubspot',
  ],
  // prefer-hubspot-unless-blank
  [
    'prefer HS: HubSpot value wins',
    'prefer-hubspot-unless-blank',
    side('a', 'a'),
    side('b', 'a', T2),
    { source: 'hubspot', salesforce: { value: 'a', reason: 'prefer-hubspot-unless-blank:preferred-value' } },
  ],
  [
    'prefer HS: blank HubSpot is filled',
    'prefer-hubspot-unless-blank',
    side('', NONE),
    side('b', NONE),
    { source: 'salesforce', hubspot: { value: 'b', reason: 'prefer-hubspot-unless-blank:fill-blank' } },
  ],
  [
    'prefer HS: HubSpot cleared clears Salesforce',
    'prefer-hubspot-unless-blank',
    side('', 'a'),
    side('a', 'a'),
    {
      source: 'hubspot',
      salesforce: { value: null, reason: 'prefer-hubspot-unless-blank:preferred-cleared' },
    },
  ],
  // always-X
  [
    'always SF: Salesforce wins',
    'always-salesforce',
    side('a', 'a'),
    side('b', 'a'),
    { source: 'salesforce', hubspot: { value: 'b', reason: 'always-salesforce:always' } },
  ],
  [
    'always SF: a blank Salesforce clears HubSpot',
    'always-salesforce',
    side('a', NONE),
    side(null, NONE),
    { source: 'salesforce', hubspot: { value: null, reason: 'always-salesforce:always' } },
  ],
  [
    'always SF: a HubSpot edit is reverted',
    'always-salesforce',
    side('edit', 'b', T2),
    side('b', 'b'),
    { source: 'salesforce', hubspot: { value: 'b', reason: 'always-salesforce:always' } },
  ],
  ['always SF: equal', 'always-salesforce', side('b', NONE), side('b', NONE), { source: 'salesforce' }],
  [
    'always HS: a blank HubSpot clears Salesforce',
    'always-hubspot',
    side('', 'a'),
    side('a', 'a'),
    { source: 'hubspot', salesforce: { value: null, reason: 'always-hubspot:always' } },
  ],
  [
    'always HS, to-hubspot: never writes',
    'always-hubspot',
    side('a', NONE),
    side('b', NONE),
    { source: 'hubspot' },
    'to-hubspot',
  ],
  // dont-sync
  ['dont-sync: different values stay', 'dont-sync', side('a', NONE), side('b', NONE), {}],
  ['dont-sync: changes stay', 'dont-sync', side('new', 'old'), side('old', 'old'), {}],
];

describe('decideSync', () => {
  it.each(rows)('%s', (_name, rule, hs, sf, expected, direction) => {
    expect(decide(rule, hs, sf, direction)).toEqual(expected);
  });

  it('compares across CRM spellings with the transform (number 250 = "250")', () => {
    const t: Transform = { coerce: 'number', truncate: true };
    expect(decide('two-way', side('250', '200'), side(250, 200), 'both', t)).toEqual({
      source: 'salesforce',
    });
    expect(decide('two-way', side('200', '200'), side(300, 200), 'both', t)).toEqual({
      source: 'salesforce',
      hubspot: { value: '300', reason: 'two-way:salesforce-changed' },
    });
    expect(decide('two-way', side('300', '200'), side(200, 200), 'both', t)).toEqual({
      source: 'hubspot',
      salesforce: { value: 300, reason: 'two-way:hubspot-changed' },
    });
  });

  it('maps picklist values both ways', () => {
    const t: Transform = { valueMap: { in_progress: 'Working' }, truncate: true };
    expect(decide('two-way', side('in_progress', 'new'), side('New', 'New'), 'both', t)).toEqual({
      source: 'hubspot',
      salesforce: { value: 'Working', reason: 'two-way:hubspot-changed' },
    });
    expect(decide('two-way', side('new', 'new'), side('Working', 'New'), 'both', t)).toEqual({
      source: 'salesforce',
      hubspot: { value: 'in_progress', reason: 'two-way:salesforce-changed' },
    });
  });

  it('reports a value that cannot convert and writes nothing', () => {
    const d = decide('two-way', side('lots', '10'), side(10, 10), 'both', {
      coerce: 'number',
      truncate: true,
    });
    expect(d.salesforce).toBeUndefined();
    expect(d.error).toBeInstanceOf(MappingValueError);
    expect(d.error?.message).toMatchInlineSnapshot(
      `"cannot convert "lots" for jobtitle → Title: not a number"`,
    );
  });

  it('truncates to the target length with a warning', () => {
    const d = decideSync(side('abcdefgh', 'x'), side('x', 'x'), {
      field: 'jobtitle → Title',
      rule: 'two-way',
      direction: 'both',
      targets: { salesforce: { type: 'string', length: 5 } },
    });
    expect(d).toEqual({
      source: 'hubspot',
      salesforce: { value: 'abcde', reason: 'two-way:hubspot-changed' },
      warnings: [
        { code: 'truncated', field: 'jobtitle → Title', target: 'salesforce', length: 8, maxLength: 5 },
      ],
    });
  });

  it('coerces by the target type when the config names no coercion', () => {
    const d = decideSync(side('true', 'false'), side(false, false), {
      field: 'opt_in → Opt_In__c',
      rule: 'two-way',
      direction: 'both',
      targets: { salesforce: { type: 'boolean', length: null } },
    });
    expect(d.salesforce).toEqual({ value: true, reason: 'two-way:hubspot-changed' });
  });
});

const RULES: SyncRule[] = [
  'two-way',
  'prefer-salesforce-unless-blank',
  'prefer-hubspot-unless-blank',
  'always-salesforce',
  'always-hubspot',
  'dont-sync',
];
const DIRECTIONS: Direction[] = ['both', 'to-hubspot', 'to-salesforce'];
const value = fc.constantFrom<FieldValue>('a', 'b', 'c', '', null);
const snapshot = fc.option(value, { nil: undefined });
const time = fc.constantFrom(T0, T1, T2);
const sideArb = fc.record({
  value,
  synced: snapshot,
  modifiedAt: time,
  changedAt: fc.option(time, { nil: undefined }),
});

function apply(state: SideState, change: { value: FieldValue } | undefined): SideState {
  return change ? { ...state, value: change.value } : state;
}

describe('decideSync invariants', () => {
  it('applying a decision and deciding again writes nothing (idempotent, no ping-pong)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULES),
        fc.constantFrom(...DIRECTIONS),
        sideArb,
        sideArb,
        (rule, direction, hs, sf) => {
          const first = decide(rule, hs, sf, direction);
          const second = decide(rule, apply(hs, first.hubspot), apply(sf, first.salesforce), direction);
          expect(second.hubspot).toBeUndefined();
          expect(second.salesforce).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never writes a side the direction forbids, nor a value the side already holds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULES),
        fc.constantFrom(...DIRECTIONS),
        sideArb,
        sideArb,
        (rule, direction, hs, sf) => {
          const d = decide(rule, hs, sf, direction);
          if (direction === 'to-hubspot') expect(d.salesforce).toBeUndefined();
          if (direction === 'to-salesforce') expect(d.hubspot).toBeUndefined();
          if (d.hubspot) expect(d.hubspot.value ?? '').not.toBe(hs.value ?? '');
          if (d.salesforce) expect(d.salesforce.value ?? '').not.toBe(sf.value ?? '');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('after applying, both sides hold the same value unless the direction or dont-sync kept them apart', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULES.filter((r) => r !== 'dont-sync')),
        sideArb,
        sideArb,
        (rule, hs, sf) => {
          const d = decide(rule, hs, sf, 'both');
          const changedSinceSnapshot = (s: SideState): boolean =>
            s.synced !== undefined && (s.synced ?? '') !== (s.value ?? '');
          // Two-way with no change on either side leaves differences alone by design.
          if (
            rule === 'two-way' &&
            hs.synced !== undefined &&
            sf.synced !== undefined &&
            !changedSinceSnapshot(hs) &&
            !changedSinceSnapshot(sf)
          )
            return;
          expect(apply(hs, d.hubspot).value ?? '').toBe(apply(sf, d.salesforce).value ?? '');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
