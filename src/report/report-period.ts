/**
 * The report's period: the last 30, 90 or 365 days, or everything, by stage-entry date. A transition
 * belongs to the period when it happened inside it; the window ends at the report's `now`.
 */
import { z } from 'zod';
import { LeadloopError } from '../lib/errors.ts';

export const ReportPeriod = z.enum(['30d', '90d', '365d', 'all']);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const DAYS: Readonly<Record<ReportPeriod, number | null>> = { '30d': 30, '90d': 90, '365d': 365, all: null };
const DAY_MS = 86_400_000;

export interface PeriodWindow {
  readonly period: ReportPeriod;
  /** Start of the window (ISO), inclusive; null for `all`. */
  readonly from: string | null;
  /** End of the window (ISO), inclusive: the report's `now`. */
  readonly to: string;
}

export function periodWindow(period: ReportPeriod, now: Date): PeriodWindow {
  const days = DAYS[period];
  return {
    period,
    from: days === null ? null : new Date(now.getTime() - days * DAY_MS).toISOString(),
    to: now.toISOString(),
  };
}

export function inWindow(window: PeriodWindow, at: string): boolean {
  const t = Date.parse(at);
  return (window.from === null || t >= Date.parse(window.from)) && t <= Date.parse(window.to);
}

/** A period from user input (`--period`, `?period=`): a clear error naming what is allowed. */
export function parseReportPeriod(raw: unknown, where: string): ReportPeriod {
  const parsed = ReportPeriod.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new LeadloopError(
    'REPORT_PERIOD_INVALID',
    `${where}: period ${JSON.stringify(raw)} is not one of ${ReportPeriod.options.join(', ')}`,
    { where, period: raw },
  );
}
