/**
 * How sure the held-out AUCs are: a paired bootstrap over the held-out people. Each resample draws people
 * with replacement and scores both models on the same draw, so the gain's interval reflects how the two
 * rankings differ on the same people, not two independent noises. Seeded: the same data gives the same
 * interval on every run.
 */
import { Prng } from '../../lib/prng.ts';
import { auc } from './auc.ts';

export interface AucInterval {
  /** 95 % percentile interval of the current model's AUC, of the suggestion's, and of their difference. */
  readonly current: readonly [number, number];
  readonly suggested: readonly [number, number];
  readonly gain: readonly [number, number];
  /** Share of resamples in which the suggestion ranked better than the current model. */
  readonly suggestedBetter: number;
  /** Resamples in which both classes were drawn (the others have no AUC). */
  readonly resamples: number;
}

export interface IntervalOptions {
  readonly resamples?: number;
  readonly seed?: number;
}

/** The value at quantile `q` of sorted `values` (linear between neighbours). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (at - low);
}

const interval = (values: number[]): readonly [number, number] => {
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
};

/** null when fewer than two people, or no resample holds both outcomes. */
export function pairedAucInterval(
  current: readonly number[],
  suggested: readonly number[],
  labels: readonly number[],
  options: IntervalOptions = {},
): AucInterval | null {
  const n = labels.length;
  if (n < 2 || current.length !== n || suggested.length !== n) return null;
  const rng = new Prng(options.seed ?? 1);
  const draws = options.resamples ?? 200;
  const a: number[] = [];
  const b: number[] = [];
  const gain: number[] = [];
  let better = 0;
  const drawnCurrent = new Array<number>(n);
  const drawnSuggested = new Array<number>(n);
  const drawnLabels = new Array<number>(n);
  for (let r = 0; r < draws; r++) {
    for (let i = 0; i < n; i++) {
      const k = rng.int(n);
      drawnCurrent[i] = current[k] ?? 0;
      drawnSuggested[i] = suggested[k] ?? 0;
      drawnLabels[i] = labels[k] ?? 0;
    }
    const x = auc(drawnCurrent, drawnLabels);
    const y = auc(drawnSuggested, drawnLabels);
    if (x === null || y === null) continue;
    a.push(x);
    b.push(y);
    gain.push(y - x);
    if (y > x) better++;
  }
  if (gain.length === 0) return null;
  return {
    current: interval(a),
    suggested: interval(b),
    gain: interval(gain),
    suggestedBetter: better / gain.length,
    resamples: gain.length,
  };
}
