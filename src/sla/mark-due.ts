/**
 * Time alone moves an SLA: nothing in either CRM changes when an MQL's reminder or breach comes due, so
 * a run's pull marks dirty the people whose next step may be due, and the chunk plans take it. Reads the
 * stored person states in batches (no API call); runs only when the config enforces an SLA.
 */
import { enforcesSla, slaStepMayBeDue } from '../stages/sla-actions.ts';
import type { SyncContext } from '../sync/context.ts';
import { readPersonState } from '../sync/person-state.ts';

const BATCH = 2000;

/** Marks those people dirty; resolves to how many. */
export async function markSlaStepsDue(ctx: SyncContext, now: Date): Promise<number> {
  const stages = ctx.config.stages;
  if (!enforcesSla(stages)) return 0;
  let marked = 0;
  for await (const links of ctx.store.iterateLinks(BATCH)) {
    const ids = links.map((l) => l.personId);
    const states = await ctx.store.getPersonStates(ids);
    const due = ids.filter((id) => slaStepMayBeDue(readPersonState(states.get(id)).stage, stages, now));
    if (due.length > 0) await ctx.store.markDirty(due);
    marked += due.length;
  }
  return marked;
}
