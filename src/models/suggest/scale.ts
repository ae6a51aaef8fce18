/**
 * Fitted weights are log-odds; rules carry points. One factor (points per unit of log-odds) turns every
 * weight into points. It is the current model's own, read off the outcomes: a one-feature fit of the
 * current totals gives the log-odds a point is worth, so a rule the evidence leaves alone keeps its points
 * and thresholds, cells and the admin's sense of "40 points is a lot" stay meaningful. When the current
 * totals do not rank the outcomes at all (no positive slope), the suggested totals get the current ones'
 * spread instead.
 */
import { fitLogistic } from './logistic.ts';

/** Points per unit of log-odds implied by the current model on these outcomes; null when it has no slope. */
export function currentPointsPerLogOdd(
  currentTotals: readonly number[],
  labels: readonly number[],
): number | null {
  if (new Set(currentTotals).size < 2) return null;
  const fit = fitLogistic(
    currentTotals.map((t) => [t]),
    labels,
    { l2: 1e-6 },
  );
  const slope = fit.coefficients[0] ?? 0;
  return slope > 1e-9 ? 1 / slope : null;
}

export function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

/**
 * The fallback factor: the spread of the current totals over the spread of the fitted log-odds (intercept
 * aside); the current spread itself when the fit is flat.
 */
export function pointsPerLogOdd(currentTotals: readonly number[], fittedLogOdds: readonly number[]): number {
  const current = standardDeviation(currentTotals);
  const fitted = standardDeviation(fittedLogOdds);
  if (!(fitted > 1e-9) || !(current > 0)) return current > 0 ? current : 1;
  return current / fitted;
}

/**
 * The smallest threshold that at most `share` of `values` reach (`share` of them in, as closely as ties
 * allow): how a suggested model keeps the current model's share of people per grade, level and hand-off.
 */
export function thresholdForShare(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const top = sorted[0];
  if (top === undefined) return 0;
  const count = Math.round(share * sorted.length);
  if (count <= 0) return top + 1;
  return sorted[Math.min(count, sorted.length) - 1] ?? top;
}

export function shareAtLeast(values: readonly number[], threshold: number): number {
  if (values.length === 0) return 0;
  return values.filter((v) => v >= threshold).length / values.length;
}
