/**
 * A reminder counts as taken only once its Task exists: a person whose Task create failed keeps the state
 * it had before the step (no `remind` recorded) and stays dirty, so the next run plans the reminder again.
 * Pure: applied to a chunk's reconciliation before it is persisted.
 */
import type { Reconciliation } from '../sync/chunk/reconcile.ts';
import type { PersonPlan } from '../sync/plan-person.ts';

export function settleReminders(
  decision: Reconciliation,
  plans: readonly PersonPlan[],
  failedKeys: ReadonlySet<string>,
): Reconciliation {
  if (failedKeys.size === 0) return decision;
  const retry = new Set(
    plans.filter((p) => p.tasks.some((t) => failedKeys.has(t.key))).map((p) => p.personId),
  );
  const personStates = decision.personStates.map((entry) => {
    const stage = entry.state.stage;
    if (!retry.has(entry.personId) || stage === null) return entry;
    const slaActions = (stage.slaActions ?? []).filter(
      (a) => !(a.kind === 'remind' && a.mqlAt === stage.since && a.at === plansAt(plans, entry.personId)),
    );
    return { ...entry, state: { ...entry.state, stage: { ...stage, slaActions } } };
  });
  return {
    ...decision,
    personStates,
    clearDirty: decision.clearDirty.filter((id) => !retry.has(id)),
  };
}

/** When the plan took its step: only the reminder taken this run is taken back. */
function plansAt(plans: readonly PersonPlan[], personId: string): string | undefined {
  return plans.find((p) => p.personId === personId)?.stage.slaAction?.at;
}
