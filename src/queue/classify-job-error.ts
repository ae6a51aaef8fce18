/**
 * The queue decides retry semantics from `SyncError.kind` alone, in one pure function, so no caller second-guesses a connector:
 * config/auth never heal by retrying, rate limits wait without spending an attempt, the rest retries.
 * https://docs.bullmq.io/patterns/stop-retrying-jobs
 */
import { ConfigError, SyncError, assertNever } from '../lib/errors.ts';

export type JobErrorDecision =
  { action: 'fail'; reason: string } | { action: 'rate-limit'; delayMs: number } | { action: 'retry' };

/** Wait when a 429 carried no hint: HubSpot's burst window is 10 s. */
export const DEFAULT_RATE_LIMIT_MS = 10_000;

export function classifyJobError(err: unknown): JobErrorDecision {
  if (err instanceof ConfigError) return { action: 'fail', reason: `config: ${err.message}` };
  if (!(err instanceof SyncError)) return { action: 'retry' };
  switch (err.kind) {
    case 'config':
    case 'auth':
      return { action: 'fail', reason: `${err.kind}: ${err.code}: ${err.message}` };
    case 'rate_limited':
      return { action: 'rate-limit', delayMs: Math.max(1, err.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS) };
    case 'transient':
      return { action: 'retry' };
    case 'record':
      // Per-record failures belong in WriteOutcome; one escaping to the job is a bug retrying cannot fix.
      return { action: 'fail', reason: `record error escaped the batch: ${err.code}: ${err.message}` };
    default:
      return assertNever(err.kind, 'failure kind');
  }
}
