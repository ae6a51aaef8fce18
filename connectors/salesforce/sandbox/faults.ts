/**
 * Fault knobs for reliability tests and benchmarks: added latency, a share of requests answered 503,
 * a share of saved records failing a validation rule, a share hitting row-lock contention, a share of
 * requests refused by the concurrent long-transaction limit and a share of queries timing out. A seeded
 * PRNG makes a run reproducible.
 */

export interface SalesforceFaults {
  /** Added to every counted API response. */
  latencyMs?: number;
  /** Share (0..1) of API requests answered `503 SERVER_UNAVAILABLE`. */
  errorRate5xx?: number;
  /** Share (0..1) of saved records failing with FIELD_CUSTOM_VALIDATION_EXCEPTION. */
  recordFailureRate?: number;
  /** Share (0..1) of saved records failing with UNABLE_TO_LOCK_ROW. */
  lockRate?: number;
  /**
   * Share (0..1) of API requests answered `403 REQUEST_LIMIT_EXCEEDED` "ConcurrentPerOrgLongTxn Limit
   * exceeded": the org already runs its cap of long (>20 s) requests. Same code as the daily limit; only the
   * message tells them apart, and this one clears within seconds.
   */
  concurrentLimitRate?: number;
  /** Share (0..1) of SOQL query requests answered `400 QUERY_TIMEOUT` (an unselective scan ran too long). */
  queryTimeoutRate?: number;
  /** Share (0..1) of API requests that take `latencySpikeMs` longer (default 2,000 ms). */
  latencySpikeRate?: number;
  latencySpikeMs?: number;
  /** Share (0..1) of API requests that start a burst: it and the next `burstLength - 1` (default 3) answer 502/503/504. */
  burstRate?: number;
  burstLength?: number;
  /** Share (0..1) of API requests answered 502/504 by a proxy in front of the org: a `text/html` page, no JSON. */
  htmlErrorRate?: number;
  /** Share (0..1) of API requests whose connection is destroyed mid-answer, after the org applied them. */
  resetRate?: number;
  seed?: number;
}

/** What a drawn edge fault answers instead of the org: a 5xx (JSON for 503, the proxy's HTML for 502/504). */
export type EdgeFault = { kind: 'none' } | { kind: 'status'; status: 502 | 503 | 504 };

const BURST_STATUSES = [502, 503, 504] as const;

/** mulberry32: small, fast, good enough to spread injected faults. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private faults: SalesforceFaults = {};
  private random: () => number = mulberry32(1);
  /** Requests of the current burst still to answer 5xx. */
  private burstLeft = 0;

  constructor(faults: SalesforceFaults | null | undefined) {
    this.set(faults ?? null);
  }

  set(faults: SalesforceFaults | null): void {
    this.faults = faults ?? {};
    this.random = mulberry32(this.faults.seed ?? 1);
    this.burstLeft = 0;
  }

  current(): SalesforceFaults {
    return { ...this.faults };
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /** This request's added delay: the constant latency plus a spike when one is drawn. */
  requestLatencyMs(): number {
    const spike = this.roll(this.faults.latencySpikeRate) ? (this.faults.latencySpikeMs ?? 2_000) : 0;
    return this.latencyMs + spike;
  }

  /** Drawn before the org sees the request: a burst's 5xx or a proxy's HTML page. */
  edgeError(): EdgeFault {
    if (this.burstLeft > 0 || this.roll(this.faults.burstRate)) {
      if (this.burstLeft === 0) this.burstLeft = Math.max(1, this.faults.burstLength ?? 3);
      this.burstLeft -= 1;
      return { kind: 'status', status: BURST_STATUSES[Math.floor(this.random() * 3)] ?? 502 };
    }
    if (this.roll(this.faults.htmlErrorRate))
      return { kind: 'status', status: this.random() < 0.5 ? 502 : 504 };
    return { kind: 'none' };
  }

  /** Drawn after the org answered: the connection drops before the answer arrives. */
  reset(): boolean {
    return this.roll(this.faults.resetRate);
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }

  serverError(): boolean {
    return this.roll(this.faults.errorRate5xx);
  }

  recordFailure(): boolean {
    return this.roll(this.faults.recordFailureRate);
  }

  lock(): boolean {
    return this.roll(this.faults.lockRate);
  }

  concurrentLimit(): boolean {
    return this.roll(this.faults.concurrentLimitRate);
  }

  queryTimeout(): boolean {
    return this.roll(this.faults.queryTimeoutRate);
  }
}
