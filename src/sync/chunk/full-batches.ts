/**
 * Which of a chunk's people write now and which wait for a later, fuller call. A chunk's records rarely
 * fill its last write call per CRM (the dirty people of an incremental run spread over many chunks, a
 * few writes in each), so the people whose records would go in that last, partial call are held back,
 * still dirty, and joined with other chunks' remainders by the runner. Nothing of theirs is persisted
 * until their writes answered, so a crash meanwhile leaves them dirty and the next run writes them.
 */
import type { CrmName } from '../../domain/crm.ts';
import type { PersonPlan } from '../plan-person.ts';

export interface BatchSplit {
  readonly now: readonly number[];
  /** Indexes of plans whose records would only go in a partial call. */
  readonly later: readonly number[];
}

/** Records a plan sends per CRM: each written record once (however many fields) and each create. */
export function recordsPerCrm(plan: PersonPlan): Map<CrmName, number> {
  const records = new Map<CrmName, Set<string>>();
  const add = (crm: CrmName, key: string): void => {
    const set = records.get(crm) ?? new Set<string>();
    set.add(key);
    records.set(crm, set);
  };
  for (const w of plan.writes) add(w.crm, `write:${w.object}:${w.id}`);
  for (const c of plan.creates) add(c.crm, `create:${c.object}:${c.externalId}`);
  return new Map([...records].map(([crm, set]) => [crm, set.size]));
}

/**
 * Keeps, in order, the plans whose records fit in each CRM's whole calls (`batchSizes`: records per
 * call); `mustGo` plans (those that took a turn of a shared counter, or send SLA steps) are always kept,
 * and the calls they open anyway are filled up with others. A plan with records in two CRMs is held back
 * if either CRM's calls are already full.
 */
export function splitFullBatches(
  plans: readonly PersonPlan[],
  batchSizes: Readonly<Record<CrmName, number>>,
  mustGo: (plan: PersonPlan, index: number) => boolean,
): BatchSplit {
  const perPlan = plans.map(recordsPerCrm);
  const going = plans.map((plan, i) => mustGo(plan, i));
  const sum = (pick: (i: number) => boolean): Map<CrmName, number> => {
    const out = new Map<CrmName, number>();
    perPlan.forEach((records, i) => {
      if (pick(i)) for (const [crm, n] of records) out.set(crm, (out.get(crm) ?? 0) + n);
    });
    return out;
  };
  const total = sum(() => true);
  const forced = sum((i) => going[i] === true);
  // Records each CRM sends now: its whole calls, or as many calls as the mustGo records need if more.
  const room = new Map<CrmName, number>();
  for (const [crm, n] of total) {
    const size = Math.max(1, batchSizes[crm]);
    const calls = Math.max(Math.floor(n / size), Math.ceil((forced.get(crm) ?? 0) / size));
    room.set(crm, calls * size - (forced.get(crm) ?? 0));
  }
  const now: number[] = [];
  const later: number[] = [];
  perPlan.forEach((records, i) => {
    if (going[i] || records.size === 0) return void now.push(i);
    if (![...records].every(([crm, n]) => (room.get(crm) ?? 0) >= n)) return void later.push(i);
    for (const [crm, n] of records) room.set(crm, (room.get(crm) ?? 0) - n);
    now.push(i);
  });
  return { now, later };
}
