/**
 * A CRM's daily API limit reached, as an alert an operator sees until the quota resets. The HubSpot
 * connector stops every call once the daily limit is met (a DAILY 429, or the reserve it keeps for other
 * integrations) and names the wait to the account's midnight; runs then fail or wait for hours, which
 * looks like a hang unless it is said. The phase that meets it records the stop in the state store
 * (every driver, every worker), so `leadloop status`, `/api/status`, `/metrics` and `/admin/health` show
 * it without calling the CRM, and it clears by itself once its window has passed. Times are wall time,
 * the base of the connectors' quota windows and `retryAfterMs`, never the engine's (possibly frozen) clock.
 */
import { z } from 'zod';
import { CrmName, IsoTime } from '../domain/crm.ts';
import { SyncError } from '../lib/errors.ts';
import { defineMeta } from '../state/meta.ts';

/** The codes meaning "no call until the daily quota resets", by the CRM that raises them. */
const DAILY_LIMIT_CODES: Readonly<Record<string, CrmName>> = {
  HUBSPOT_RATE_LIMIT_DAILY: 'hubspot',
  HUBSPOT_DAILY_LIMIT: 'hubspot',
  HUBSPOT_DAILY_RESERVE: 'hubspot',
};

const CRM_LABEL: Readonly<Record<CrmName, string>> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

export const DailyLimitStop = z.strictObject({
  crm: CrmName,
  code: z.string(),
  reachedAt: IsoTime,
  resumesAt: IsoTime,
});
export type DailyLimitStop = z.infer<typeof DailyLimitStop>;

export const dailyLimitStops = defineMeta('health.dailyLimitStops', z.array(DailyLimitStop));

/** The stop `err` means, when it is a daily limit with a known wait; undefined for anything else. */
export function dailyLimitStopOf(err: unknown, now: Date): DailyLimitStop | undefined {
  if (!(err instanceof SyncError) || err.kind !== 'rate_limited' || err.retryAfterMs === undefined) return;
  const crm = DAILY_LIMIT_CODES[err.code];
  if (crm === undefined) return;
  return {
    crm,
    code: err.code,
    reachedAt: now.toISOString(),
    resumesAt: new Date(now.getTime() + err.retryAfterMs).toISOString(),
  };
}

/** The stops whose window has not passed at `now`, one per CRM (the latest resume wins). */
export function activeDailyLimitStops(stops: readonly DailyLimitStop[], now: Date): DailyLimitStop[] {
  const byCrm = new Map<CrmName, DailyLimitStop>();
  for (const s of stops) {
    if (Date.parse(s.resumesAt) <= now.getTime()) continue;
    const seen = byCrm.get(s.crm);
    if (seen === undefined || Date.parse(seen.resumesAt) < Date.parse(s.resumesAt)) byCrm.set(s.crm, s);
  }
  return [...byCrm.values()];
}

export function formatDailyLimitStop(stop: DailyLimitStop): string {
  return `${CRM_LABEL[stop.crm]} daily API limit reached (${stop.code}): no calls until ${stop.resumesAt}, when the quota resets at the account's midnight`;
}

/** The stops every status surface shows at `now`, each with its message. */
export async function readDailyLimitAlerts(
  store: Parameters<typeof dailyLimitStops.read>[0],
  now: Date,
): Promise<(DailyLimitStop & { message: string })[]> {
  const stops = activeDailyLimitStops((await dailyLimitStops.read(store)) ?? [], now);
  return stops.map((s) => ({ ...s, message: formatDailyLimitStop(s) }));
}

/** Another worker meeting the same limit moves the resume by the time between the two calls at most. */
const SAME_STOP_MS = 60_000;

/**
 * Stores `stop` beside the stops still active; false when an active stop of that CRM already says the
 * same (so the caller logs each stop once, not once per chunk or worker that meets it).
 */
export async function recordDailyLimitStop(
  store: Parameters<typeof dailyLimitStops.read>[0],
  stop: DailyLimitStop,
): Promise<boolean> {
  const now = new Date(stop.reachedAt);
  const active = activeDailyLimitStops((await dailyLimitStops.read(store)) ?? [], now);
  const same = active.find(
    (s) =>
      s.crm === stop.crm && Math.abs(Date.parse(s.resumesAt) - Date.parse(stop.resumesAt)) < SAME_STOP_MS,
  );
  if (same !== undefined) return false;
  await dailyLimitStops.write(store, [...active.filter((s) => s.crm !== stop.crm), stop]);
  return true;
}
