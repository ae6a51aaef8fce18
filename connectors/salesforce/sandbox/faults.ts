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
  seed?: number;
}

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

  constructor(faults: SalesforceFaults | null | undefined) {
    this.set(faults ?? null);
  }

  set(faults: SalesforceFaults | null): void {
    this.faults = faults ?? {};
    this.random = mulberry32(this.faults.seed ?? 1);
  }

  current(): SalesforceFaults {
    return { ...this.faults };
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
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
