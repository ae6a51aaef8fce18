/**
 * The moment a person's outcome began, for judging (and fitting) a model on what it could have known then.
 * Stage history is stamped by the runs, so on a state synced once every transition carries that run's
 * time and says nothing about when sales acted. The CRMs date the sales events themselves: the conversion
 * (the converted Lead's last change), the first deal with the person in a contact role, and the Lead's last
 * change for a status sales set on it. The earliest of those that applies, or the entry into the current
 * stage, or the hand-off (MQL) if that came first: behaviour from that moment on is the outcome's
 * consequence (sales' calls and meetings), not its cause.
 */
import type { StageKey } from '../stages/schema.ts';
import type { PersonInputs } from './plan-person.ts';

export type OutcomeInputs = Pick<PersonInputs, 'lead' | 'opportunities'> & {
  readonly state: Pick<PersonInputs['state'], 'stage' | 'conversion'>;
};

/** Stages a sales event put the person in; MIL and MQL are the model's own and have no outcome yet. */
const DECIDED: ReadonlySet<StageKey> = new Set(['SAL', 'SQL', 'WON', 'RECYCLED', 'DISQUALIFIED']);

/** Earliest of the parseable instants, or undefined. */
function earliest(times: readonly (string | undefined)[]): number | undefined {
  let best: number | undefined;
  for (const t of times) {
    const ms = t === undefined ? Number.NaN : Date.parse(t);
    if (!Number.isNaN(ms) && (best === undefined || ms < best)) best = ms;
  }
  return best;
}

/**
 * The instant behaviour stops counting for the person's known outcome (exclusive), or `now` for people
 * whose outcome is open: scored on everything so far.
 */
export function outcomeMoment(inputs: OutcomeInputs, now: Date): Date {
  const stage = inputs.state.stage;
  if (stage === null) return now;
  const mqlAt = stage.history.find((t) => t.to === 'MQL')?.at;
  if (!DECIDED.has(stage.stage)) return mqlAt ? new Date(mqlAt) : now;
  const entered = [...stage.history].reverse().find((t) => t.to === stage.stage)?.at ?? stage.since;
  const ms = earliest([
    mqlAt,
    entered,
    inputs.state.conversion?.at,
    ...inputs.opportunities.map((o) => o.createdAt),
    // The Lead's status is sales' verdict; it was set at or before the Lead's last change.
    inputs.lead?.modifiedAt,
  ]);
  return ms === undefined ? now : new Date(Math.min(ms, now.getTime()));
}
