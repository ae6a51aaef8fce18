/**
 * API accounting and the daily-budget guard. Salesforce reports the org's rolling-24 h usage on every
 * REST response (`Sforce-Limit-Info: api-usage=10018/100000`,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm).
 * Other integrations share that allocation, so past `dailyBudgetShare` we stop scheduling new work
 * and say so, then let one probe call through per window to notice when usage has rolled off.
 */
import type { ApiUsage } from '../types.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { QUOTA_RETRY_AFTER_MS } from './errors.ts';

const LIMIT_INFO = /api-usage=(\d+)\/(\d+)/;

/** `{ used, limit }` from a `Sforce-Limit-Info` header value, or undefined when absent/unreadable. */
export function parseLimitInfo(header: string | undefined): { used: number; limit: number } | undefined {
  const match = header ? LIMIT_INFO.exec(header) : null;
  if (!match) return undefined;
  return { used: Number(match[1]), limit: Number(match[2]) };
}

export class QuotaMeter {
  private readonly calls = new Map<string, number>();
  private rateLimited = 0;
  private retryCount = 0;
  private used: number | undefined;
  private limit: number | undefined;
  private blockedUntil = 0;
  private readonly budgetShare: number;
  private readonly clock: () => Date;

  constructor(budgetShare: number, clock: () => Date) {
    this.budgetShare = budgetShare;
    this.clock = clock;
  }

  countCall(family: string): void {
    this.calls.set(family, (this.calls.get(family) ?? 0) + 1);
  }

  countRetry(): void {
    this.retryCount += 1;
  }

  countRateLimited(): void {
    this.rateLimited += 1;
  }

  observe(header: string | undefined): void {
    const info = parseLimitInfo(header);
    if (!info) return;
    this.used = info.used;
    this.limit = info.limit;
  }

  /**
   * `GET /limits` (`DailyApiRequests`) is "accurate within five minutes", the header is current: the body
   * only fills in when no header has been seen.
   */
  observeLimits(max: number, remaining: number): void {
    if (this.used !== undefined) return;
    this.used = max - remaining;
    this.limit = max;
  }

  private overBudget(): boolean {
    return this.used !== undefined && this.limit !== undefined && this.used >= this.limit * this.budgetShare;
  }

  /**
   * Throws `SF_BUDGET_EXCEEDED` before a new call once observed usage passes the budget share. After
   * `QUOTA_RETRY_AFTER_MS` one call goes through as a probe; its header decides whether to block again.
   */
  assertBudget(): void {
    if (!this.overBudget()) {
      this.blockedUntil = 0;
      return;
    }
    const now = this.clock().getTime();
    if (this.blockedUntil === 0) this.blockedUntil = now + QUOTA_RETRY_AFTER_MS;
    if (now < this.blockedUntil) {
      const share = Math.round(this.budgetShare * 100);
      throw new SyncError(
        'rate_limited',
        'SF_BUDGET_EXCEEDED',
        `Salesforce daily API budget reached: ${this.used}/${this.limit} calls used and leadloop stops at ${share}% ` +
          `to leave room for the org's other integrations; new work resumes once usage rolls off the 24 h window`,
        { used: this.used, limit: this.limit, budgetShare: this.budgetShare },
        { retryAfterMs: this.blockedUntil - now },
      );
    }
    // The window passed: this call is the probe, and its `Sforce-Limit-Info` decides whether to block again.
    this.blockedUntil = 0;
    this.used = undefined;
  }

  usage(): ApiUsage {
    const calls = Object.fromEntries(this.calls);
    const totalCalls = [...this.calls.values()].reduce((sum, n) => sum + n, 0);
    return {
      crm: 'salesforce',
      calls,
      totalCalls,
      http429: this.rateLimited,
      retries: this.retryCount,
      quota: { dailyUsed: this.used, dailyLimit: this.limit },
    };
  }
}
