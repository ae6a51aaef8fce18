/**
 * Seeded fault injection for reliability tests and benchmarks: the same seed gives the same sequence of
 * faults for the same sequence of requests.
 */

export interface HubSpotFaults {
  /** Added to every API response. */
  latencyMs?: number;
  /** Share of API calls that take `latencySpikeMs` longer (a slow edge or a GC pause on HubSpot's side). */
  latencySpikeRate?: number;
  /** Extra delay of a spiked call; default 2,000 ms. */
  latencySpikeMs?: number;
  /** Share of API calls answered 502/503. */
  errorRate5xx?: number;
  /** Share of API calls that start a burst: this call and the next `burstLength - 1` answer 502/503/504. */
  burstRate?: number;
  /** Calls in a burst; default 3. */
  burstLength?: number;
  /**
   * Share of API calls answered by the edge instead of HubSpot: 502 or 504 with a `text/html` error page
   * (Cloudflare's), not HubSpot's JSON error body.
   */
  htmlErrorRate?: number;
  /**
   * Share of API calls whose connection is destroyed mid-answer, after the handler ran: a write is applied
   * and its answer lost.
   */
  resetRate?: number;
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
  | { kind: 'none' }
  | { kind: '5xx'; status: 502 | 503 | 504 }
  | { kind: 'html'; status: 502 | 504 }
  | { kind: 'reset' }
  | { kind: '429' }
  | { kind: '423' };

const BURST_STATUSES = [502, 503, 504] as const;
const DEFAULT_BURST_LENGTH = 3;
const DEFAULT_SPIKE_MS = 2_000;

export class FaultInjector {
  private readonly random: () => number;
  /** Calls of the current burst still to answer 5xx. */
  private burstLeft = 0;
  readonly faults: HubSpotFaults;

  constructor(faults: HubSpotFaults) {
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
  }

  /** This call's delay: the constant latency plus a spike when one is drawn. */
  latencyMs(): number {
    const base = Math.max(0, this.faults.latencyMs ?? 0);
    if (!this.hit(this.faults.latencySpikeRate)) return base;
    return base + Math.max(0, this.faults.latencySpikeMs ?? DEFAULT_SPIKE_MS);
  }

  /**
   * Draws per API call in a fixed order, so a seed replays identically; a knob left unset draws nothing,
   * so adding knobs does not change the sequence of the others.
   */
  forRequest(isWrite: boolean): RequestFault {
    if (this.burstLeft > 0 || this.hit(this.faults.burstRate)) {
      if (this.burstLeft === 0) this.burstLeft = Math.max(1, this.faults.burstLength ?? DEFAULT_BURST_LENGTH);
      this.burstLeft -= 1;
      const status = BURST_STATUSES[Math.floor(this.random() * BURST_STATUSES.length)] ?? 502;
      return { kind: '5xx', status };
    }
    if (this.hit(this.faults.htmlErrorRate)) return { kind: 'html', status: this.random() < 0.5 ? 502 : 504 };
    if (this.hit(this.faults.resetRate)) return { kind: 'reset' };
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

const EDGE_REASONS: Record<502 | 504, string> = { 502: 'Bad Gateway', 504: 'Gateway Time-out' };

/** The page HubSpot's edge (Cloudflare) answers when it cannot reach HubSpot: HTML, never JSON. */
export function edgeErrorPage(status: 502 | 504): string {
  const title = `${status} ${EDGE_REASONS[status]}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}
