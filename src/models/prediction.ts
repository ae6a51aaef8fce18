/**
 * How well one model's prediction at the shadow start matched what sales did since: per start cell
 * conversion, MQL precision and recall, and lift by decile of the start total. Only people whose stage
 * has since reached an outcome are judged (SQL or Won is good; Recycled or Disqualified is not), as in
 * the backtest: a move to MQL is the model's own doing, not evidence.
 */
import type { MatrixCell } from '../scoring/schema.ts';
import type { StageKey } from '../stages/schema.ts';
import { CELLS } from './movement.ts';
import type { ShadowSide } from './shadow-entry.ts';

export const OUTCOME_STAGES: ReadonlySet<StageKey> = new Set<StageKey>([
  'SQL',
  'WON',
  'RECYCLED',
  'DISQUALIFIED',
]);
export const GOOD_STAGES: ReadonlySet<StageKey> = new Set<StageKey>(['SQL', 'WON']);

export interface Judged {
  readonly prediction: ShadowSide;
  readonly good: boolean;
}

export interface CellRate {
  readonly cell: MatrixCell;
  readonly count: number;
  readonly good: number;
  /** good / count; null for an empty cell. */
  readonly rate: number | null;
}

export interface DecileLift {
  /** 1 is the highest start totals. */
  readonly decile: number;
  readonly count: number;
  readonly good: number;
  readonly rate: number;
  /** rate ÷ the overall rate; null when nobody converted at all. */
  readonly lift: number | null;
}

export interface PredictionStats {
  readonly judged: number;
  readonly good: number;
  readonly cells: readonly CellRate[];
  readonly mql: { readonly count: number; readonly good: number };
  readonly precision: number | null;
  readonly recall: number | null;
  readonly lift: readonly DecileLift[];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Splits `n` ranked people into up to 10 groups whose sizes differ by at most one. */
function decileBounds(n: number): number[] {
  const groups = Math.min(10, n);
  return Array.from({ length: groups + 1 }, (_, i) => Math.round((i * n) / groups));
}

export function predictionStats(judged: readonly Judged[]): PredictionStats {
  const good = judged.filter((j) => j.good).length;
  const byCell = new Map<string, { count: number; good: number }>();
  let mqlCount = 0;
  let mqlGood = 0;
  for (const j of judged) {
    const c = byCell.get(j.prediction.cell) ?? { count: 0, good: 0 };
    c.count++;
    if (j.good) c.good++;
    byCell.set(j.prediction.cell, c);
    if (j.prediction.mql) {
      mqlCount++;
      if (j.good) mqlGood++;
    }
  }
  const overall = ratio(good, judged.length);
  // Highest total first; ties keep input order so a report is reproducible.
  const ranked = judged
    .map((j, i) => ({ j, i }))
    .sort((a, b) => b.j.prediction.total - a.j.prediction.total || a.i - b.i);
  const bounds = decileBounds(ranked.length);
  const lift: DecileLift[] = [];
  for (let d = 0; d + 1 < bounds.length; d++) {
    const slice = ranked.slice(bounds[d], bounds[d + 1]);
    const g = slice.filter((s) => s.j.good).length;
    const rate = slice.length === 0 ? 0 : g / slice.length;
    lift.push({
      decile: d + 1,
      count: slice.length,
      good: g,
      rate,
      lift: overall === null || overall === 0 ? null : rate / overall,
    });
  }
  return {
    judged: judged.length,
    good,
    cells: CELLS.map((cell) => {
      const c = byCell.get(cell) ?? { count: 0, good: 0 };
      return { cell, ...c, rate: ratio(c.good, c.count) };
    }),
    mql: { count: mqlCount, good: mqlGood },
    precision: ratio(mqlGood, mqlCount),
    recall: ratio(mqlGood, good),
    lift,
  };
}
