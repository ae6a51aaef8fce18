import { describe, expect, it } from 'vitest';
import { settleReminders } from '../../../src/sla/settle-reminders.ts';
import type { SlaAction, StageState } from '../../../src/stages/stage-state.ts';
import type { Reconciliation } from '../../../src/sync/chunk/reconcile.ts';
import { emptyPersonState } from '../../../src/sync/person-state.ts';
import type { PersonPlan } from '../../../src/sync/plan-person.ts';
import { stateAt, T0 } from '../stages/fixtures.ts';

const remind: SlaAction = {
  mqlAt: T0.toISOString(),
  kind: 'remind',
  dueAt: '2026-11-02T12:00:00.000Z',
  at: '2026-11-02T12:05:00.000Z',
  sla: 'default',
  owner: '005A',
};
const earlier: SlaAction = { ...remind, mqlAt: '2026-10-01T08:00:00.000Z', at: '2026-10-01T12:00:00.000Z' };
const stage: StageState = { ...stateAt('MQL'), slaActions: [earlier, remind] };
const task = {
  key: `p1:${remind.mqlAt}`,
  recordId: '00Q1',
  ownerId: '005A',
  subject: 's',
  dueDate: '2026-11-02',
  description: '',
};
// Only the fields settleReminders reads.
const plan = {
  personId: 'p1',
  tasks: [task],
  stage: { state: stage, slaAction: remind },
} as unknown as PersonPlan;
const decision = {
  personStates: [{ personId: 'p1', state: { ...emptyPersonState(), stage } }],
  clearDirty: ['p1', 'p2'],
} as unknown as Reconciliation;

describe('settleReminders', () => {
  it('takes back the reminder whose Task failed and keeps its person dirty; earlier episodes stay', () => {
    const settled = settleReminders(decision, [plan], new Set([task.key]));
    expect(settled.personStates[0]?.state.stage?.slaActions).toEqual([earlier]);
    expect(settled.clearDirty).toEqual(['p2']);
  });

  it('leaves the chunk as it was when every Task landed', () => {
    expect(settleReminders(decision, [plan], new Set())).toBe(decision);
  });
});
