import { describe, expect, it } from 'vitest';
import { nextStage } from '../../../src/stages/next-stage.ts';
import { StagesConfig } from '../../../src/stages/schema.ts';
import { chooseSla, pickActiveOwner, type OwnerDirectory } from '../../../src/stages/sla-actions.ts';
import type { StageState } from '../../../src/stages/stage-state.ts';
import { at, config, mql, stateAt } from './fixtures.ts';

// T0 is Monday 09:00 Berlin; the fixture SLA is 24 business hours (9-17): due Wednesday 17:00 = at(56).
// 50 % of it, 12 business hours, is Tuesday 13:00 Berlin = at(28).
const enforcing: StagesConfig = StagesConfig.parse({
  ...config,
  sla: { ...config.sla, remindAtPercent: 50, escalate: { to: 'manager' } },
});
const owners: OwnerDirectory = new Map([
  ['rep-1', { active: true, managerId: 'boss-1' }],
  ['queue-a', { active: false, managerId: null }],
  ['user-b', { active: true, managerId: 'boss-2' }],
  ['user-c', { active: true, managerId: null }],
]);
const evidence = { ...mql, owner: 'rep-1', owners, reassignCounter: 0 };

/** Runs the stage step at each hour, the Lead's owner following the re-route, as the CRM would. */
function runAt(hours: readonly number[], start: StageState = stateAt('MQL')) {
  let state = start;
  let owner = 'rep-1';
  const steps = [];
  for (const h of hours) {
    const d = nextStage(state, { ...evidence, owner }, enforcing, at(h));
    state = d.state;
    if (d.slaAction) steps.push({ h, kind: d.slaAction.kind, owner: d.slaAction.owner });
    if (d.slaAction?.kind !== 'remind' && d.slaAction?.owner) owner = d.slaAction.owner;
  }
  return { state, steps };
}

describe('SLA steps of an unaccepted MQL', () => {
  it('reminds at 50 %, re-routes at the breach passing over an inactive owner, escalates to the manager at the second', () => {
    // Second window: from the re-route at(57), 24 business hours = Friday 18:00 → at(57) is Wed 18:00
    // Berlin (after hours), so the window runs Thu 9-17, Fri 9-17, Mon 9-17: due Monday 17:00 = at(176).
    const { steps, state } = runAt([1, 27.9, 28, 29, 57, 60, 176, 176.5, 200]);
    expect(steps).toEqual([
      { h: 28, kind: 'remind', owner: 'rep-1' },
      { h: 57, kind: 'reroute', owner: 'user-b' },
      { h: 176.5, kind: 'escalate', owner: 'boss-2' },
    ]);
    expect(state.slaActions?.map((a) => a.kind)).toEqual(['remind', 'reroute', 'escalate']);
    expect(state.slaActions?.[0]?.deadline).toBe(at(56).toISOString());
    expect(state.slaBreaches).toHaveLength(1);
  });

  it('takes each step once however often a run repeats at the same moment', () => {
    const once = runAt([28, 57, 176.5]).state;
    const again = runAt([28, 57, 176.5, 176.5, 300], once);
    expect(again.steps).toEqual([]);
    expect(again.state.slaActions).toEqual(once.slaActions);
  });

  it('skips the reminder when the first run to see the MQL is already past the breach', () => {
    expect(runAt([60]).steps).toEqual([{ h: 60, kind: 'reroute', owner: 'user-b' }]);
  });

  it('takes no step for an MQL accepted before them, and starts over on a new MQL episode', () => {
    const accepted = nextStage(
      stateAt('MQL'),
      { ...evidence, salesStatus: 'Working - Contacted' },
      enforcing,
      at(30),
    );
    expect(accepted.slaAction).toBeUndefined();
    const reentered = stateAt('MQL', { since: at(100) });
    const withOld = { ...reentered, slaActions: runAt([28]).state.slaActions ?? [] };
    // Friday 13:00 Berlin + 12 business hours = Monday 17:00 = at(176).
    expect(nextStage(withOld, evidence, enforcing, at(175.9)).slaAction).toBeUndefined();
    expect(nextStage(withOld, evidence, enforcing, at(176)).slaAction?.kind).toBe('remind');
  });

  it('records an escalation with nobody to reach when the owner has no manager', () => {
    const noManager = new Map(owners);
    noManager.set('user-b', { active: true, managerId: null });
    let state = stateAt('MQL');
    for (const h of [57, 176.5]) {
      state = nextStage(state, { ...evidence, owner: 'user-b', owners: noManager }, enforcing, at(h)).state;
    }
    expect(state.slaActions?.at(-1)).toMatchObject({ kind: 'escalate', owner: null });
  });

  it('without the new keys an SLA records only the re-route it always made', () => {
    const { state } = runAt([28]);
    const plain = nextStage(stateAt('MQL'), evidence, config, at(28));
    expect(plain.slaAction).toBeUndefined();
    expect(state.slaActions).toHaveLength(1);
    expect(nextStage(stateAt('MQL'), evidence, config, at(57)).slaAction?.kind).toBe('reroute');
  });
});

describe('pickActiveOwner', () => {
  it.each([
    [0, 'user-b'],
    [1, 'user-b'],
    [2, 'user-c'],
    [3, 'user-b'],
  ])('counter %i passes over the inactive queue-a → %s', (counter, owner) => {
    expect(pickActiveOwner(['queue-a', 'user-b', 'user-c'], counter, owners)).toBe(owner);
  });

  it('treats ids the directory does not list (queues) as active, and finds nobody when all left', () => {
    expect(pickActiveOwner(['00G-queue'], 0, owners)).toBe('00G-queue');
    expect(pickActiveOwner(['queue-a'], 0, owners)).toBeNull();
    expect(pickActiveOwner([], 0, owners)).toBeNull();
  });
});

describe('chooseSla', () => {
  const rules = StagesConfig.parse({
    ...config,
    slaRules: [
      {
        name: 'hot-germany',
        when: { cells: ['A1'], fields: [{ field: 'country', in: ['Germany', 'DE'] }] },
        sla: { acceptWithinHours: 4, businessHours: false },
      },
      { name: 'hot', when: { cells: ['A1', 'A2'] }, sla: { acceptWithinHours: 8, businessHours: false } },
    ],
  });
  it.each([
    ['cell and country match the first rule', { cell: 'A1', fields: { country: ' germany' } }, 'hot-germany'],
    ['another country falls to the cell rule', { cell: 'A1', fields: { country: 'France' } }, 'hot'],
    ['no country falls to the cell rule', { cell: 'A2', fields: {} }, 'hot'],
    ['no rule matches: the default SLA', { cell: 'C3', fields: { country: 'Germany' } }, 'default'],
  ])('%s', (_case, facts, name) => {
    expect(chooseSla(rules, facts)?.name).toBe(name);
  });

  it('is undefined without any SLA, and a rule needs a condition', () => {
    const { sla: _sla, ...noSla } = config;
    expect(chooseSla(noSla, { cell: 'A1', fields: {} })).toBeUndefined();
    expect(
      StagesConfig.safeParse({
        slaRules: [{ name: 'x', when: {}, sla: { acceptWithinHours: 1, businessHours: false } }],
      }).error?.issues[0]?.message,
    ).toBe('give cells, fields or both');
  });
});
