/**
 * The rescore budget, pure: how many people of a published model's rescore queue one run may release,
 * so that the write calls their records need stay within `scoring.rescoreBudget` of each CRM's daily
 * allocation. The queue is ordered biggest score change first; a run takes a prefix of it.
 */
import type { CrmName } from '../domain/crm.ts';

/** One person waiting for the new model: their score change and the records a rescore writes per CRM. */
export interface RescoreEntry {
  readonly personId: string;
  readonly change: number;
  readonly records: Readonly<Record<CrmName, number>>;
}

export type PerCrm = Readonly<Record<CrmName, number>>;

/** Biggest change first, then person id: the order the budget releases people in. */
export function rescoreOrder(a: RescoreEntry, b: RescoreEntry): number {
  return b.change - a.change || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);
}

/** Write calls one day's budget allows per CRM: Infinity when the CRM reports no daily allocation. */
export function dailyAllowance(budget: number, dailyLimit: Partial<PerCrm>): PerCrm {
  const of = (limit: number | undefined): number =>
    limit === undefined ? Number.POSITIVE_INFINITY : Math.floor(budget * limit);
  return { hubspot: of(dailyLimit.hubspot), salesforce: of(dailyLimit.salesforce) };
}

export interface Release {
  /** How many entries from the head of `entries` fit. */
  readonly count: number;
  readonly records: PerCrm;
  /** Write calls those records need (records per call from each connector's batch size). */
  readonly calls: PerCrm;
}

/**
 * The longest prefix of `entries` whose write calls fit `allowance` in every CRM. Calls are counted as
 * `ceil(records / batch)`: the fewest a connector sends for them, as the batches they join may hold
 * other writes too.
 */
export function releaseWithinBudget(
  entries: readonly RescoreEntry[],
  allowance: PerCrm,
  batch: PerCrm,
): Release {
  let hubspot = 0;
  let salesforce = 0;
  let count = 0;
  const calls = (records: number, size: number): number => Math.ceil(records / Math.max(1, size));
  for (const e of entries) {
    const h = hubspot + e.records.hubspot;
    const s = salesforce + e.records.salesforce;
    if (calls(h, batch.hubspot) > allowance.hubspot || calls(s, batch.salesforce) > allowance.salesforce)
      break;
    hubspot = h;
    salesforce = s;
    count++;
  }
  return {
    count,
    records: { hubspot, salesforce },
    calls: { hubspot: calls(hubspot, batch.hubspot), salesforce: calls(salesforce, batch.salesforce) },
  };
}

/** The UTC day a run falls on: the budget's day (HubSpot resets at the account's midnight, Salesforce rolls). */
export const budgetDay = (now: Date): string => now.toISOString().slice(0, 10);
