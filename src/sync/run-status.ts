/**
 * What a finished run's status means, in one place for every run kind and driver: `partial` when some
 * people are still dirty because work for them did not land (a retryable write or a failed create, or a
 * whole chunk that exhausted its retries); the next run picks them up. `succeeded` otherwise.
 */
import type { RunSummary } from '../state/types.ts';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function runStatus(
  stats: Readonly<Record<string, unknown>>,
): Extract<RunSummary['status'], 'succeeded' | 'partial'> {
  const unfinished = num(stats['failedChunks']) + num(stats['writesRetryable']) + num(stats['createsFailed']);
  return unfinished > 0 ? 'partial' : 'succeeded';
}
