/**
 * Whether the connection resends a failed call, and after how long: its one bounded retry layer (style
 * rule 6; jsforce's own HTTP retry is off). Pure, so each case is table-tested.
 */
import type { SyncError } from '../../src/lib/errors.ts';

/**
 * An expired query locator stays expired: resending it wastes two calls. The failure still surfaces as
 * transient, so the run stops and the next one re-queries from the last committed cursor. A query that
 * timed out meets the same scan when resent (each try runs minutes on the server): the pull narrows its
 * window instead (windowed-pages.ts).
 */
const NOT_RESENT = new Set(['INVALID_QUERY_LOCATOR', 'QUERY_TIMEOUT']);

/**
 * Retries for idempotent calls on transient failures. A proxy in front of the org answers bad gateways in
 * runs of a few calls: three resends (about 2 s in all at the default base) outlast a run of three.
 */
export const MAX_RETRIES = 3;

/**
 * Retries after a concurrent long-request refusal: the org refused the call before running it, so any
 * method may be resent, and a slot frees when one of the org's long requests ends, so a few more tries
 * (about 8 s in all at the default base) are worth it before the run stops transient.
 */
export const MAX_CONCURRENCY_RETRIES = 5;

export type ResendDecision = { readonly resend: true; readonly delayMs: number } | { readonly resend: false };

/**
 * `REQUEST_LIMIT_EXCEEDED` is transient only for the concurrency limits ("ConcurrentPerOrgLongTxn"); the
 * daily `TotalRequests` limit is rate_limited and never resent here (errors.ts).
 */
export function isConcurrencyRefusal(error: SyncError): boolean {
  return error.kind === 'transient' && error.code === 'REQUEST_LIMIT_EXCEEDED';
}

/**
 * Failed tries of one call so far, counted apart: the org's refusals never spend the budget for failures,
 * nor the reverse, so a call refused twice still gets its two resends after a proxy's 502.
 */
export interface Tries {
  readonly refusals: number;
  readonly failures: number;
}

export const NO_TRIES: Tries = { refusals: 0, failures: 0 };

/** `tries` with `error` counted in its class. */
export function countTry(tries: Tries, error: SyncError): Tries {
  return isConcurrencyRefusal(error)
    ? { ...tries, refusals: tries.refusals + 1 }
    : { ...tries, failures: tries.failures + 1 };
}

/**
 * After `error`, with `tries` counting it, resend the call? Delays grow from `baseMs` exponentially in the
 * tries of the error's class, with full jitter: base·2^(n−1)·(0.5 + random), `random` in [0, 1).
 */
export function decideResend(
  error: SyncError,
  tries: Tries,
  idempotent: boolean,
  baseMs: number,
  random: number,
): ResendDecision {
  const delay = (n: number) => Math.round(baseMs * 2 ** (n - 1) * (0.5 + random));
  if (isConcurrencyRefusal(error))
    return tries.refusals <= MAX_CONCURRENCY_RETRIES
      ? { resend: true, delayMs: delay(tries.refusals) }
      : { resend: false };
  const worth = error.kind === 'transient' && !NOT_RESENT.has(error.code);
  return idempotent && worth && tries.failures <= MAX_RETRIES
    ? { resend: true, delayMs: delay(tries.failures) }
    : { resend: false };
}
