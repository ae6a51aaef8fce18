/**
 * The connector's one short retry layer (style rule 6): the SDK runs with `numberOfApiCallRetries: 0`,
 * and anything longer than `MAX_INLINE_WAIT_MS` is handed to the queue as `retryAfterMs`. Waits honour
 * `Retry-After` (RFC 9110 §10.2.3: delta-seconds or HTTP date), then HubSpot's documented hints:
 * 10 s for TEN_SECONDLY_ROLLING, 1 s for search's secondly limit, ≥ 2 s for 423 Locked
 * (https://developers.hubspot.com/docs/api-reference/error-handling).
 */
import type { HubSpotRequest } from './client.ts';
import {
  HubSpotHttpError,
  isNetworkError,
  isServerSide,
  isUnsentNetworkError,
  rateLimitPolicy,
} from './errors.ts';

export const MAX_ATTEMPTS = 5;
export const MAX_INLINE_WAIT_MS = 60_000;
const LOCK_WAIT_MS = 2_000;
const TEN_SECOND_WAIT_MS = 10_000;
const SECONDLY_WAIT_MS = 1_000;
const BACKOFF_BASE_MS = 500;

/** Parse `Retry-After` into milliseconds from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * POSTs that read, or write absolute values keyed by id: search, batch read, batch update of planned
 * values, batch upsert on a unique property (a replay updates what the first send created). Batch create,
 * groups and the token grant are not: a replay creates again or spends a rotated refresh token.
 */
const IDEMPOTENT_POST = /\/(search|batch\/read|batch\/update|batch\/upsert)$/;

/** Pure: may this request be sent again when its answer was lost? */
export function isIdempotent(req: Pick<HubSpotRequest, 'method' | 'path' | 'idempotent'>): boolean {
  if (req.idempotent !== undefined) return req.idempotent;
  if (req.method !== 'POST') return true;
  return IDEMPOTENT_POST.test(req.path);
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly retryAfterMs?: number };

/**
 * Pure: what to do after `attempt` (1-based) failed with `err`. `random` in [0, 1) adds jitter so
 * parallel workers do not retry in lockstep. A connection lost after the request left (a reset) is
 * retried only when the request is `idempotent`: HubSpot may have applied it.
 */
export function decideRetry(err: unknown, attempt: number, random: number, idempotent = true): RetryDecision {
  const jitter = (ms: number): number => Math.round(ms * (1 + 0.25 * random));
  if (err instanceof HubSpotHttpError) {
    const hinted = err.retryAfterMs;
    if (err.status === 429) {
      const policy = rateLimitPolicy(err);
      if (policy === 'daily') return { retry: false };
      const base = policy === 'secondly' ? SECONDLY_WAIT_MS : TEN_SECOND_WAIT_MS;
      return bounded(attempt, hinted ?? jitter(base), `429 ${policy}`);
    }
    if (err.status === 423)
      return bounded(attempt, Math.max(LOCK_WAIT_MS, hinted ?? 0) + jitter(200), '423 locked');
    if (isServerSide(err.status)) {
      const backoff = jitter(BACKOFF_BASE_MS * 2 ** (attempt - 1));
      return bounded(attempt, hinted ?? backoff, `${err.status} server`);
    }
    return { retry: false };
  }
  if (isNetworkError(err)) {
    if (!idempotent && !isUnsentNetworkError(err)) return { retry: false };
    return bounded(attempt, jitter(BACKOFF_BASE_MS * 2 ** (attempt - 1)), 'network');
  }
  return { retry: false };
}

function bounded(attempt: number, delayMs: number, reason: string): RetryDecision {
  if (delayMs > MAX_INLINE_WAIT_MS) return { retry: false, retryAfterMs: delayMs };
  if (attempt >= MAX_ATTEMPTS) return { retry: false, retryAfterMs: delayMs };
  return { retry: true, delayMs, reason };
}
