/**
 * SystemModstamp windows for a keyset pull that met `QUERY_TIMEOUT`. Salesforce stops a query whose scan
 * runs too long ("Your query request was running for too long"); resending it meets the same scan, so the
 * pull narrows instead: the window over which it timed out is halved, down to one second, and the
 * narrower size is kept for the stream. A window that held no row proves its scan was cheap and doubles
 * the next one, so a sparse stretch of history costs a few calls rather than one per narrow window.
 * Windows only bound a query from above: each query starts at the last row read, so none is skipped.
 * Pure: the pull (pull-records.ts) does the I/O.
 */

/** Stamps have whole seconds: a window narrower than one second holds nothing a wider one would not. */
export const NARROWEST_WINDOW_MS = 1000;

/**
 * Timeouts one pull absorbs before it stops. Halving from 2^40 ms (35 years) reaches one second in 40
 * steps; the rest leaves room for widened windows that meet dense data again.
 */
export const MAX_TIMEOUTS_PER_PULL = 64;

/** Where the next window ends: `size` past what is already covered (no size: the whole rest), at most the signpost. */
export function windowEnd(coveredMs: number, signpostMs: number, sizeMs: number | undefined): number {
  return sizeMs === undefined ? signpostMs : Math.min(signpostMs, coveredMs + sizeMs);
}

/** The size after `(coveredMs, endMs]` timed out: half of it in whole seconds, or null if it was the narrowest. */
export function narrowedSize(coveredMs: number, endMs: number): number | null {
  const span = endMs - coveredMs;
  if (span <= NARROWEST_WINDOW_MS) return null;
  return Math.max(NARROWEST_WINDOW_MS, Math.ceil(span / 2 / 1000) * 1000);
}

/** The size after a window that held no row: doubled (`windowEnd` still stops at the signpost). */
export function widenedSize(sizeMs: number): number {
  return sizeMs * 2;
}
