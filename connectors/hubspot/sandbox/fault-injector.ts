/**
 * Seeded fault injection for reliability tests and benchmarks: the same seed gives the same sequence of
 * faults for the same sequence of requests.
 */

export interface HubSpotFaults {
  /** Added to every API response. */
  latencyMs?: number;
  /** Share of API calls answered 502/503. */
  errorRate5xx?: number;
  /** Share of API calls answered 429 (as if another integration used the window up). */
  rate429?: number;
  /** Share of records inside batch writes that fail individually (207). */
  recordFailureRate?: number;
  /** Share of write calls answered 423 Locked. */
  lockedRate?: number;
  /**
   * List, Events v3 and Email Events pages asked for with a cursor (`after` / `offset`) say there is more
   * and hand that same cursor back, as a server stuck on one page would (assumed, not observed).
   */
  repeatPagingCursor?: boolean;
  seed?: number;
}

/** mulberry32: tiny, fast, good enough for fault sampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type RequestFault =
  { kind: 'none' } | { kind: '5xx'; status: 502 | 503 } | { kind: '429' } | { kind: '423' };

export class FaultInjector {
  private readonly random: () => number;
  readonly faults: HubSpotFaults;

  constructor(faults: HubSpotFaults) {
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
  }

  get latencyMs(): number {
    return Math.max(0, this.faults.latencyMs ?? 0);
  }

  /** One draw per API call, in a fixed order so a seed replays identically. */
  forRequest(isWrite: boolean): RequestFault {
    if (this.hit(this.faults.errorRate5xx)) return { kind: '5xx', status: this.random() < 0.5 ? 502 : 503 };
    if (this.hit(this.faults.rate429)) return { kind: '429' };
    if (isWrite && this.hit(this.faults.lockedRate)) return { kind: '423' };
    return { kind: 'none' };
  }

  /** The cursor a paged answer repeats as its next one: the one the request sent, under the fault. */
  repeatedCursor(sent: string | null | undefined): string | undefined {
    return this.faults.repeatPagingCursor === true && sent ? sent : undefined;
  }

  recordFails(): boolean {
    return this.hit(this.faults.recordFailureRate);
  }

  private hit(rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false;
    return this.random() < rate;
  }
}
