/**
 * Two ledgers: the org's daily API request counter (what `Sforce-Limit-Info` and `/limits` report, and
 * what REQUEST_LIMIT_EXCEEDED enforces) and the sandbox's own per-endpoint call statistics, which tests
 * and benchmarks read to prove how many calls a connector made.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */

export interface SandboxStats {
  totalCalls: number;
  byEndpoint: Record<string, number>;
  http429: number;
  http5xx: number;
  errors4xx: number;
  /** What each counted call did, in order (`call-detail.ts`), the first `CALL_LOG_CAP` since the last reset. */
  calls: string[];
}

/** Bounds the call log: a large sync's calls are counted in full, listed only this far. */
export const CALL_LOG_CAP = 5_000;

export class UsageCounter {
  readonly limit: number;
  private used = 0;
  private day: string;
  private readonly clock: () => Date;
  private stats: SandboxStats = UsageCounter.empty();

  constructor(clock: () => Date, limit: number) {
    this.clock = clock;
    this.limit = limit;
    this.day = clock().toISOString().slice(0, 10);
  }

  private static empty(): SandboxStats {
    return { totalCalls: 0, byEndpoint: {}, http429: 0, http5xx: 0, errors4xx: 0, calls: [] };
  }

  /** Used calls today (the counter resets when the sandbox clock passes midnight UTC). */
  dailyUsed(): number {
    const today = this.clock().toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
    return this.used;
  }

  exhausted(): boolean {
    return this.dailyUsed() >= this.limit;
  }

  countApiCall(): void {
    this.dailyUsed();
    this.used++;
  }

  /** Sets today's usage (tests: start near the limit). */
  setDailyUsed(n: number): void {
    this.dailyUsed();
    this.used = n;
  }

  limitHeader(): string {
    return `api-usage=${this.dailyUsed()}/${this.limit}`;
  }

  record(endpoint: string, status: number, detail: string = endpoint): void {
    this.stats.totalCalls++;
    if (this.stats.calls.length < CALL_LOG_CAP) this.stats.calls.push(`${detail} → ${status}`);
    this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
    if (status === 429) this.stats.http429++;
    if (status >= 500) this.stats.http5xx++;
    else if (status >= 400) this.stats.errors4xx++;
  }

  snapshot(): SandboxStats {
    return { ...this.stats, byEndpoint: { ...this.stats.byEndpoint }, calls: [...this.stats.calls] };
  }

  resetStats(): void {
    this.stats = UsageCounter.empty();
  }
}
