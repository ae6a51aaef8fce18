/**
 * The orders every backend answers in, for the stores that sort in code (memory, the dry-run overlay)
 * to match the ones that sort in SQL or in a sorted set. Orders are total (ties broken by key) so paging
 * is stable.
 */
import type { Activity } from '../domain/activity.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { epochMs } from './state-codec.ts';
import type { RunSummary, WriteFailureEntry } from './types.ts';

/** Code-unit order, as SQLite's BINARY collation and Redis lex ranges compare. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The ledger's order for one record: oldest `occurredAt` first, then by source id. */
export function compareActivities(a: Activity, b: Activity): number {
  return epochMs(a.occurredAt) - epochMs(b.occurredAt) || compareText(a.sourceId, b.sourceId);
}

/** One order for opportunities in every store: oldest first, then by id. */
export function sortOpportunities(opps: Opportunity[]): Opportunity[] {
  return opps.sort((a, b) => epochMs(a.createdAt) - epochMs(b.createdAt) || compareText(a.id, b.id));
}

/** The order of `listFailures` (sqlite's ORDER BY): newest `at` first, then crm, object, source, record id descending. */
export function compareFailures(a: WriteFailureEntry, b: WriteFailureEntry): number {
  return (
    epochMs(b.at) - epochMs(a.at) ||
    compareText(b.crm, a.crm) ||
    compareText(b.object, a.object) ||
    compareText(b.source, a.source) ||
    compareText(b.recordId, a.recordId)
  );
}

/** The order of `listRuns`: newest `startedAt` first, then by run id descending. */
export function compareRuns(a: RunSummary, b: RunSummary): number {
  return epochMs(b.startedAt) - epochMs(a.startedAt) || compareText(b.runId, a.runId);
}

/**
 * Up to `limit` ids of a sorted list that come after `after` (all from the start without it): the paging
 * of `listDirty` and `iterateLinks`. A binary search, so paging a large set costs no scan per page.
 */
export function pageAfter(sorted: readonly string[], limit: number, after?: string): string[] {
  if (limit <= 0) return [];
  let lo = 0;
  if (after !== undefined) {
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? '') <= after) lo = mid + 1;
      else hi = mid;
    }
  }
  return sorted.slice(lo, lo + limit);
}
