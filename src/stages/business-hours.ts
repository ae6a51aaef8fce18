/**
 * Business-hours arithmetic in an IANA time zone, using only `Intl` (no tz database dependency): local
 * wall-clock times are turned into instants by measuring the zone's UTC offset, re-measured once so DST
 * changes land on the right side.
 */
import { LeadloopError } from '../lib/errors.ts';
import type { BusinessHours } from './schema.ts';

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter is costly; one per zone is kept (a bounded set: the zones in the config). */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * `formatToParts` costs microseconds and an SLA check asks for the same instants over and over (local
 * midnights, opening hours) across thousands of people, so results are kept per zone; the map is emptied
 * when it reaches its bound, so it never grows with the number of people.
 */
const localTimes = new Map<string, Map<number, LocalTime>>();
const LOCAL_TIMES_PER_ZONE = 50_000;

export function localTime(ms: number, timeZone: string): LocalTime {
  let zone = localTimes.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    localTimes.set(timeZone, zone);
  }
  const known = zone.get(ms);
  if (known !== undefined) return known;
  if (zone.size >= LOCAL_TIMES_PER_ZONE) zone.clear();
  const computed = computeLocalTime(ms, timeZone);
  zone.set(ms, computed);
  return computed;
}

function computeLocalTime(ms: number, timeZone: string): LocalTime {
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of a local wall-clock time; `day` and `hour` may overflow (hour 24 = next midnight). */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = zoneOffsetMs(guess, timeZone);
  const second = zoneOffsetMs(guess - first, timeZone);
  return guess - (second === first ? first : second);
}

const DEFAULT_HOURS: BusinessHours = { timezone: 'UTC', days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };

export function resolveBusinessHours(setting: boolean | BusinessHours): BusinessHours | undefined {
  if (setting === false) return undefined;
  return setting === true ? DEFAULT_HOURS : setting;
}

/** `start` plus `hours` of working time: only the configured days, between startHour and endHour local. */
export function addBusinessHours(start: Date, hours: number, bh: BusinessHours): Date {
  const days = new Set(bh.days);
  const perWeek = (bh.endHour - bh.startHour) * days.size;
  // Bounded: each full week yields `perWeek` hours; the margin covers a partial first and last week.
  const maxDays = Math.ceil(hours / perWeek) * 7 + 14;
  let remaining = hours * HOUR_MS;
  let cursor = start.getTime();
  for (let i = 0; i < maxDays; i++) {
    const local = localTime(cursor, bh.timezone);
    const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
    if (days.has(weekday)) {
      const open = zonedTimeToUtc(local.year, local.month, local.day, bh.startHour, bh.timezone);
      const close = zonedTimeToUtc(local.year, local.month, local.day, bh.endHour, bh.timezone);
      const from = Math.max(cursor, open);
      if (from < close) {
        if (remaining <= close - from) return new Date(from + remaining);
        remaining -= close - from;
      }
    }
    const nextMidnight = zonedTimeToUtc(local.year, local.month, local.day + 1, 0, bh.timezone);
    cursor = nextMidnight > cursor ? nextMidnight : cursor + HOUR_MS;
  }
  throw new LeadloopError('BUSINESS_HOURS_UNBOUNDED', 'business hours never add up to the requested time', {
    hours,
    businessHours: bh,
  });
}
