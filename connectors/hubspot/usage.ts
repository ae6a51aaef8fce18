/** Calls this connector made, by endpoint family, plus what the limiter learned from headers. */
import type { ApiUsage } from '../types.ts';
import type { QuotaSnapshot } from './rate-limiter.ts';

export class UsageCounter {
  private readonly calls = new Map<string, number>();
  private total = 0;
  private throttled = 0;
  private retried = 0;

  call(family: string): void {
    this.calls.set(family, (this.calls.get(family) ?? 0) + 1);
    this.total++;
  }

  http429(): void {
    this.throttled++;
  }

  retry(): void {
    this.retried++;
  }

  snapshot(quota: QuotaSnapshot): ApiUsage {
    return {
      crm: 'hubspot',
      calls: Object.fromEntries(this.calls),
      totalCalls: this.total,
      http429: this.throttled,
      retries: this.retried,
      quota,
    };
  }
}
