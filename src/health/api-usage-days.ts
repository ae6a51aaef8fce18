/**
 * API calls and daily quota per CRM over the last days (pure), from the run records: calls summed per UTC
 * day of the run's start, and the quota left as the last run of that day recorded it (the CRM's own figure:
 * Salesforce `Sforce-Limit-Info`, HubSpot's daily headers when the portal sends them).
 */
import type { CrmName } from '../domain/crm.ts';
import type { RunSummary } from '../state/types.ts';

export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly calls: number;
  readonly runs: number;
  /** Quota left after the day's last run that recorded one; null when none did. */
  readonly quotaLeft: number | null;
  readonly quotaLimit: number | null;
}

const DAY_MS = 86_400_000;

interface DayTotals {
  calls: number;
  runs: number;
  /** Start of the run whose quota figures are kept (the day's latest that recorded one). */
  quotaAt: string;
  quotaLeft: number | null;
  quotaLimit: number | null;
}

const stat = (run: RunSummary, key: string): number | null => {
  const value = run.stats[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** `days` UTC days ending with `now`'s, oldest first; days without a run have zero calls. */
export function usageByDay(runs: readonly RunSummary[], crm: CrmName, now: Date, days: number): UsageDay[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const keys = Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const byDay = new Map<string, DayTotals>(
    keys.map((k) => [k, { calls: 0, runs: 0, quotaAt: '', quotaLeft: null, quotaLimit: null }]),
  );
  for (const run of runs) {
    const entry = byDay.get(run.startedAt.slice(0, 10));
    if (entry === undefined) continue;
    entry.runs++;
    entry.calls += stat(run, `apiCalls.${crm}`) ?? 0;
    const left = stat(run, `quotaLeft.${crm}`);
    if (left !== null && run.startedAt >= entry.quotaAt) {
      entry.quotaAt = run.startedAt;
      entry.quotaLeft = left;
      entry.quotaLimit = stat(run, `quotaLimit.${crm}`);
    }
  }
  return keys.map((day) => {
    const e = byDay.get(day);
    return {
      day,
      calls: e?.calls ?? 0,
      runs: e?.runs ?? 0,
      quotaLeft: e?.quotaLeft ?? null,
      quotaLimit: e?.quotaLimit ?? null,
    };
  });
}
