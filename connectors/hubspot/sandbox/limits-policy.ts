/**
 * HubSpot's published API limits, switchable per tier, and the windows the sandbox enforces, as the usage
 * guidelines scope them (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines):
 * the 10-second window per app, shared by every token of that app; the daily quota per account, reset at
 * midnight in the account's time zone. Windows run on their own clock (the wall clock unless a test injects
 * one), not the portal's data clock, because they model real request pacing.
 */

export interface HubSpotSandboxLimits {
  /** Requests per rolling 10-second window per app (`TEN_SECONDLY_ROLLING`). */
  tenSecondMax: number;
  /** Requests per day per account (`DAILY`); 0 = no daily quota (public OAuth apps). */
  dailyMax: number;
  /** CRM search requests per second per account. */
  searchPerSecond: number;
  enabled: boolean;
}

export type HubSpotTier = 'free' | 'starter' | 'professional' | 'enterprise' | 'api-add-on' | 'public-app';

const TIERS: Record<HubSpotTier, Omit<HubSpotSandboxLimits, 'enabled'>> = {
  free: { tenSecondMax: 100, dailyMax: 250_000, searchPerSecond: 5 },
  starter: { tenSecondMax: 100, dailyMax: 250_000, searchPerSecond: 5 },
  professional: { tenSecondMax: 190, dailyMax: 625_000, searchPerSecond: 5 },
  enterprise: { tenSecondMax: 190, dailyMax: 1_000_000, searchPerSecond: 5 },
  // The add-on raises burst to 250 (two packs do not stack) and daily by 1,000,000 per pack.
  'api-add-on': { tenSecondMax: 250, dailyMax: 2_000_000, searchPerSecond: 5 },
  // Marketplace OAuth apps: 110 per 10 s per installing account, no daily cap, no daily headers.
  'public-app': { tenSecondMax: 110, dailyMax: 0, searchPerSecond: 5 },
};

export function hubSpotTierLimits(tier: HubSpotTier): HubSpotSandboxLimits {
  return { ...TIERS[tier], enabled: true };
}

export const TEN_SECOND_WINDOW_MS = 10_000;

/** A rolling window counter: a ring of the last `max` admission times, O(1) per request. */
export class RollingWindow {
  private readonly times: number[];
  private next = 0;
  private count = 0;

  readonly max: number;
  readonly windowMs: number;

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
    this.times = new Array<number>(Math.max(1, max)).fill(0);
  }

  /** Admits the request at `nowMs` when the window has room; returns false (and records nothing) when full. */
  tryAdmit(nowMs: number): boolean {
    if (this.count >= this.max) {
      const oldest = this.times[this.next] ?? 0;
      if (nowMs - oldest < this.windowMs) return false;
    } else {
      this.count += 1;
    }
    this.times[this.next] = nowMs;
    this.next = (this.next + 1) % this.times.length;
    return true;
  }

  used(nowMs: number): number {
    let n = 0;
    for (let i = 0; i < this.count; i += 1) if (nowMs - (this.times[i] ?? 0) < this.windowMs) n += 1;
    return n;
  }
}

export type LimitVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; policy: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY' };

/**
 * The account's calendar day at `nowMs` in `timeZone` (an IANA name, as account details serve it), as
 * `YYYY-MM-DD`: the daily quota's key, so it resets at the account's midnight, not UTC's.
 */
export function accountDay(nowMs: number, timeZone: string): string {
  return dayFormat(timeZone).format(nowMs);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    // en-CA formats a date as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * Enforces one limit set for one account. Search calls are exempt from the 10-second bucket (spec
 * `x-hubspot-rate-limit-exemptions: ["ten-secondly"]`), have their own per-second account bucket and get
 * no headers; every admitted call counts toward the account's daily quota.
 */
export class RateLimiter {
  private readonly perApp = new Map<string, RollingWindow>();
  private readonly search: RollingWindow;
  private readonly timeZone: string;
  private day = '';
  private dayUsed = 0;

  readonly limits: HubSpotSandboxLimits;

  constructor(limits: HubSpotSandboxLimits, timeZone: string) {
    this.limits = limits;
    this.timeZone = timeZone;
    this.search = new RollingWindow(limits.searchPerSecond, 1000);
  }

  /** One call by any token of `app` at `nowMs`. */
  check(app: string, isSearch: boolean, dailyHeaders: boolean, nowMs: number): LimitVerdict {
    this.rollDay(nowMs);
    if (this.limits.dailyMax > 0 && this.dayUsed >= this.limits.dailyMax)
      return { ok: false, policy: 'DAILY' };
    if (isSearch) {
      if (!this.search.tryAdmit(nowMs)) return { ok: false, policy: 'SECONDLY' };
      this.dayUsed += 1;
      return { ok: true, headers: {} };
    }
    const burst = this.windowFor(app);
    if (!burst.tryAdmit(nowMs)) return { ok: false, policy: 'TEN_SECONDLY_ROLLING' };
    this.dayUsed += 1;
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(this.limits.tenSecondMax),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.limits.tenSecondMax - burst.used(nowMs))),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECOND_WINDOW_MS),
    };
    // Daily headers are "not included in the response to API requests authorized using OAuth".
    if (dailyHeaders && this.limits.dailyMax > 0) {
      headers['X-HubSpot-RateLimit-Daily'] = String(this.limits.dailyMax);
      headers['X-HubSpot-RateLimit-Daily-Remaining'] = String(
        Math.max(0, this.limits.dailyMax - this.dayUsed),
      );
    }
    return { ok: true, headers };
  }

  private windowFor(app: string): RollingWindow {
    let window = this.perApp.get(app);
    if (!window) {
      window = new RollingWindow(this.limits.tenSecondMax, TEN_SECOND_WINDOW_MS);
      this.perApp.set(app, window);
    }
    return window;
  }

  private rollDay(nowMs: number): void {
    const day = accountDay(nowMs, this.timeZone);
    if (day === this.day) return;
    this.day = day;
    this.dayUsed = 0;
  }
}
