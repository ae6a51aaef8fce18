/**
 * The org's cap on concurrent long-running API requests: once `max` requests in flight have run for
 * `longAfterMs`, a new data-API request is refused with 403 `REQUEST_LIMIT_EXCEEDED` "ConcurrentPerOrgLongTxn
 * Limit exceeded" until one of them ends. Production orgs: 25 requests of 20 s or longer (sandbox README
 * "Limits, timeouts and query cursors").
 */

export interface LongRequestLimit {
  /** Long requests the org runs at once; the next request past them is refused. */
  readonly max: number;
  /** How long a request must have run to count as long. */
  readonly longAfterMs: number;
}

export const PRODUCTION_LONG_REQUEST_LIMIT: LongRequestLimit = { max: 25, longAfterMs: 20_000 };

export class LongRequests {
  private readonly started = new Map<number, number>();
  private nextId = 0;
  /** Most requests in flight at once, and how many were refused: what tests read. */
  peakInFlight = 0;
  refused = 0;

  private readonly limit: LongRequestLimit;
  private readonly nowMs: () => number;

  constructor(limit: LongRequestLimit, nowMs: () => number = Date.now) {
    this.limit = limit;
    this.nowMs = nowMs;
  }

  /** Admits a request and returns its release, or null when `max` long requests are already running. */
  admit(): (() => void) | null {
    const now = this.nowMs();
    let long = 0;
    for (const start of this.started.values()) if (now - start >= this.limit.longAfterMs) long += 1;
    if (long >= this.limit.max) {
      this.refused += 1;
      return null;
    }
    const id = this.nextId++;
    this.started.set(id, now);
    this.peakInFlight = Math.max(this.peakInFlight, this.started.size);
    return () => this.started.delete(id);
  }
}
