/**
 * Lift per decile: people ranked by score, highest first, cut into ten equal slices; each slice's rate of
 * good outcomes over the overall rate. People with the same score cannot be ordered, so a tie that spans a
 * cut shares its good outcomes across the slices in proportion (the expected lift of a random tie-break):
 * an integer score with many equal values is not flattered or punished by the input order.
 */
export interface DecileLift {
  /** 1 is the top-scored tenth. */
  readonly decile: number;
  readonly count: number;
  /** Good outcomes in the slice (fractional where a tie spans a cut). */
  readonly positives: number;
  readonly rate: number;
  /** rate / overall rate; null when there are no good outcomes at all. */
  readonly lift: number | null;
}

export function liftByDecile(
  scores: readonly number[],
  labels: readonly number[],
  slices = 10,
): DecileLift[] {
  const n = scores.length;
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const bounds = Array.from({ length: slices + 1 }, (_, k) => Math.floor((k * n) / slices));
  const positives = new Array<number>(slices).fill(0);
  let total = 0;
  for (let start = 0; start < n;) {
    let end = start;
    const value = scores[order[start] ?? 0];
    let good = 0;
    while (end < n && scores[order[end] ?? 0] === value) {
      if (labels[order[end] ?? 0] === 1) good++;
      end++;
    }
    total += good;
    // Positions start..end-1 hold the tie; each carries good / size of it.
    for (let k = 0; k < slices; k++) {
      const overlap = Math.min(end, bounds[k + 1] ?? 0) - Math.max(start, bounds[k] ?? 0);
      if (overlap > 0) positives[k] = (positives[k] ?? 0) + (good * overlap) / (end - start);
    }
    start = end;
  }
  const baseRate = n === 0 ? 0 : total / n;
  return positives.map((good, k) => {
    const count = (bounds[k + 1] ?? 0) - (bounds[k] ?? 0);
    const rate = count === 0 ? 0 : good / count;
    return { decile: k + 1, count, positives: good, rate, lift: baseRate === 0 ? null : rate / baseRate };
  });
}
