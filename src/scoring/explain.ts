/**
 * The human explanation written to a CRM field and shown by `leadloop explain`, e.g.
 * `A1 · 172 = profile 150 (C-level title +100, Mid-size company +30, Target industry +20) + engagement 22
 * (Demo request +21.3 2026-10-30, ...)`. Contributions are listed largest first, each unrounded until
 * display (one decimal, halves away from zero); the headline numbers are the graded, rounded scores.
 */
import { cutText } from '../domain/text-length.ts';
import { roundHalfAwayFromZero } from './grade.ts';
import type { Grade, MatrixCell } from './schema.ts';
import type { Disqualification, EngagementContribution, Overridden, ProfileContribution } from './types.ts';

export interface ExplanationParts {
  readonly cell: MatrixCell;
  readonly total: number;
  readonly profile: number;
  readonly engagement: number;
  readonly modelTotal: number;
  readonly profileContributions: readonly ProfileContribution[];
  readonly engagementContributions: readonly EngagementContribution[];
  readonly disqualified?: Disqualification;
  readonly cappedBy?: string;
  readonly overridden?: Overridden;
}

/** Points with at most one decimal and an explicit sign: +100, +21.3, -20. */
export function formatPoints(value: number): string {
  // Integer arithmetic: formatting a fractional double is several times slower than an integer.
  const tenths = roundHalfAwayFromZero(value * 10);
  const size = Math.abs(tenths);
  const whole = Math.floor(size / 10);
  const decimal = size - whole * 10;
  const sign = tenths < 0 ? '-' : '+';
  return decimal === 0 ? `${sign}${whole}` : `${sign}${whole}.${decimal}`;
}

const DAY_MS = 86_400_000;
const dayCache = new Map<number, string>();

/**
 * `YYYY-MM-DD` (UTC) of an epoch-ms time. `Date#toISOString` dominated a profile of the rescore loop, so the
 * civil date is computed arithmetically (Hinnant's days-to-civil) and memoised per day; the memo is bounded.
 */
export function isoDay(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const cached = dayCache.get(days);
  if (cached !== undefined) return cached;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const text = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
  if (dayCache.size >= 10_000) dayCache.clear();
  dayCache.set(days, text);
  return text;
}

/**
 * Largest |value| first as printed, ties by `tie`: two contributions that print the same (a +15 decayed
 * to 15.04 or 14.97 depending on the hour) must keep one order, or the same score gets a different text
 * from run to run and two runs of one world disagree. An insertion sort, because the lists are short and this runs per record.
 */
function bySize<T extends { readonly value: number }>(items: readonly T[], tie?: (item: T) => string): T[] {
  const sorted = items.slice();
  const before = (a: T, b: T): boolean => {
    // By the tenths printed: values that print alike differ only by decay, i.e. by when the run ran.
    const sa = Math.abs(roundHalfAwayFromZero(a.value * 10));
    const sb = Math.abs(roundHalfAwayFromZero(b.value * 10));
    return sa > sb || (sa === sb && tie !== undefined && tie(a) < tie(b));
  };
  for (let i = 1; i < sorted.length; i++) {
    const item = sorted[i];
    if (item === undefined) continue;
    let j = i - 1;
    for (; j >= 0 && before(item, sorted[j] as T); j--) sorted[j + 1] = sorted[j] as T;
    sorted[j + 1] = item;
  }
  return sorted;
}

function profileItems(items: readonly ProfileContribution[]): string {
  let text = '';
  for (const c of bySize(items.map((item) => ({ value: item.points, item })))) {
    text += `${text === '' ? '' : ', '}${c.item.rule} ${formatPoints(c.item.points)}`;
  }
  return text;
}

function engagementItem(c: EngagementContribution): string {
  let last = Number.NEGATIVE_INFINITY;
  for (const at of c.occurredAtMs) if (at > last) last = at;
  const count = c.occurredAtMs.length > 1 ? ` ×${c.occurredAtMs.length}` : '';
  const date = Number.isFinite(last) ? ` ${isoDay(last)}` : '';
  return `${c.rule} ${formatPoints(c.value)}${count}${date}`;
}

function headline(parts: ExplanationParts, grade: Grade | undefined): string {
  const flags: string[] = [];
  if (parts.overridden?.grade !== undefined && grade !== undefined)
    flags.push(`grade override; model ${grade}`);
  if (parts.cappedBy !== undefined) flags.push(`capped: ${parts.cappedBy}`);
  const cell = flags.length > 0 ? `${parts.cell} (${flags.join('; ')})` : parts.cell;
  const total =
    parts.overridden?.total !== undefined
      ? `override ${parts.total} · model ${parts.modelTotal}`
      : `${parts.total}`;
  const prefix =
    parts.disqualified !== undefined
      ? `Disqualified: ${parts.disqualified.reason} (${parts.disqualified.rule}) · `
      : '';
  return `${prefix}${cell} · ${total}`;
}

/**
 * Cuts to `maxLength` UTF-16 units (the stricter of the two CRMs' units, so the one text fits both),
 * marking the cut with an ellipsis and never leaving half an emoji before it.
 */
export function limitLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${cutText(text, maxLength - 1, 'utf16')}…`;
}

export function formatExplanation(parts: ExplanationParts, maxLength: number): string {
  const profile =
    parts.profileContributions.length > 0 ? ` (${profileItems(parts.profileContributions)})` : '';
  const engagementList = bySize(parts.engagementContributions, (c) => c.rule).map(engagementItem);
  const engagement = engagementList.length > 0 ? ` (${engagementList.join(', ')})` : '';
  const text =
    `${headline(parts, parts.overridden?.grade?.model)} = profile ${parts.profile}${profile}` +
    ` + engagement ${parts.engagement}${engagement}`;
  return limitLength(text, maxLength);
}
