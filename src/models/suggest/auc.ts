/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative, ties
 * counting half (the Mann-Whitney U statistic over rank sums, ties given their average rank).
 */
import { LeadloopError } from '../../lib/errors.ts';

/** AUC of `scores` against 0/1 `labels`; null when either class is empty (AUC is undefined then). */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  if (scores.length !== labels.length) {
    throw new LeadloopError('AUC_INPUT', `auc: ${scores.length} scores but ${labels.length} labels`);
  }
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const value = scores[order[start] ?? 0];
    while (end < order.length && scores[order[end] ?? 0] === value) end++;
    // Ranks start..end-1 (0-based) share their average, 1-based.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] ?? 0] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
