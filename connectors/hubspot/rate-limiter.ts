/**
 * Client-side limiter per app, so a normal run gets no 429s: its windows live behind `LimiterWindow`,
 * in-process or in Redis, shared by every worker of the app. Sized from the tier table in
 * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines and corrected from
 * `X-HubSpot-RateLimit-*` headers. Search has its own per-second bucket and sends no rate-limit headers;
 * it is exempt from the 10-second window but counts toward the daily quota.
 */
import type { HubSpotConnection, HubSpotTier } from '../../src/config/connections.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { InProcessWindow, type LimiterWindow, type WindowBucket } from './limiter-window.ts';

export const TIER_LIMITS: Readonly<
  Record<HubSpotTier, { tenSecondMax: number; dailyMax: number | undefined }>
> = {
  free: { tenSecondMax: 100, dailyMax: 250_000 },
  starter: { tenSecondMax: 100, dailyMax: 250_000 },
  professional: { tenSecondMax: 190, dailyMax: 625_000 },
  enterprise: { tenSecondMax: 190, dailyMax: 1_000_000 },
  // One API-limit increase on Professional: the burst does not stack; the daily figure comes from headers.
  'api-add-on': { tenSecondMax: 250, dailyMax: 1_625_000 },
  // Public OAuth apps: 110 per 10 s per installing account, no daily cap (no Daily headers are sent).
  'public-app': { tenSecondMax: 110, dailyMax: undefined },
};

const WINDOW_MS = 10_000;
const SEARCH_WINDOW_MS = 1_000;
/** Send times are not HubSpot's receive times: keep a little headroom in each window. */
const HEADROOM = 0.95;
const MAX_WAIT_ROUNDS = 10_000;

export type CallKind = 'standard' | 'search' | 'oauth';

export interface QuotaSnapshot {
  dailyUsed?: number;
  dailyLimit?: number;
  windowRemaining?: number;
  windowMax?: number;
}

/** A call the limiter let through. */
export interface SentCall {
  readonly bucket: WindowBucket;
  readonly ticket: string;
}

export interface LimiterDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Where the windows and pauses live; default this process only. */
  window?: LimiterWindow;
}

/** Milliseconds until the next UTC midnight: the daily reset when the account's time zone is not known. */
export function msToNextUtcMidnight(nowMs: number): number {
  const next = new Date(nowMs);
  next.setUTCHours(24, 0, 0, 0);
  return next.getTime() - nowMs;
}

/**
 * Milliseconds until the next midnight in `timeZone` (IANA), when HubSpot resets the daily quota ("at
 * midnight based on your time zone setting", usage guidelines). Counts a 24-hour day, so on a DST change
 * it is an hour off: late in spring (a wait too long), early in autumn (one DAILY 429 more, then a wait).
 */
export function msToNextMidnight(nowMs: number, timeZone: string | undefined): number {
  if (timeZone === undefined) return msToNextUtcMidnight(nowMs);
  const parts = timeOfDay(timeZone).formatToParts(nowMs);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight =
    (part('hour') % 24) * 3_600_000 + part('minute') * 60_000 + part('second') * 1000 + (nowMs % 1000);
  return DAY_MS - sinceMidnight;
}

const DAY_MS = 86_400_000;

/** A formatter for the time of day in `timeZone`; throws RangeError for a zone the runtime does not know. */
function timeOfDay(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export class HubSpotRateLimiter {
  private windowMax: number;
  private intervalMs = WINDOW_MS;
  private readonly searchMax: number;
  private dailyLimit: number | undefined;
  private readonly reserve: number;
  private readonly window: LimiterWindow;
  private dailyBlockedUntil = 0;
  private headerDailyRemaining: number | undefined;
  private callsSinceDailyHeader = 0;
  private ownCalls = 0;
  /**
   * When the day the daily figures above were counted in ends (the account's next midnight). Past it they
   * describe yesterday: a limiter that stopped at 0 left would otherwise never call again to learn better.
   */
  private dayEndsAt: number | undefined;
  private lastWindowRemaining: number | undefined;
  /** The account's time zone, from account details; until then the daily reset is taken as UTC midnight. */
  private timeZone: string | undefined;
  private readonly deps: LimiterDeps;

  constructor(connection: HubSpotConnection, deps: LimiterDeps) {
    const tier = TIER_LIMITS[connection.tier];
    this.windowMax = connection.limits.tenSecondMax ?? tier.tenSecondMax;
    this.dailyLimit = connection.limits.dailyMax ?? tier.dailyMax;
    this.searchMax = Math.max(1, Math.floor(connection.limits.searchPerSecond));
    this.reserve = connection.limits.dailyReserve;
    this.deps = deps;
    this.window = deps.window ?? new InProcessWindow();
  }

  /**
   * Wait for a slot; throws `rate_limited` instead of eating the daily reserve. Hand what it returns to
   * `answered` once the call is answered (or failed).
   */
  async acquire(kind: CallKind): Promise<SentCall | undefined> {
    if (kind === 'oauth') return undefined;
    this.checkDaily();
    const [interval, max] =
      kind === 'search'
        ? [SEARCH_WINDOW_MS, this.searchMax]
        : [this.intervalMs, Math.max(1, Math.floor(this.windowMax * HEADROOM))];
    const bucket = kind === 'search' ? 'search' : 'standard';
    for (let round = 0; round < MAX_WAIT_ROUNDS; round++) {
      const now = this.deps.now();
      const slot = await this.window.take(bucket, now, max, interval);
      if (slot.dailyPausedMs > 0) {
        // Another worker of the app met the DAILY 429: fail fast here too.
        this.dailyBlockedUntil = Math.max(this.dailyBlockedUntil, now + slot.dailyPausedMs);
        this.checkDaily();
      }
      if (slot.waitMs <= 0) {
        this.dayEndsAt ??= now + this.msToDailyReset(now);
        this.ownCalls++;
        this.callsSinceDailyHeader++;
        return slot.ticket === undefined ? undefined : { bucket, ticket: slot.ticket };
      }
      await this.deps.sleep(slot.waitMs);
    }
    throw new SyncError('transient', 'HUBSPOT_LIMITER_STUCK', 'rate limiter could not find a slot', { kind });
  }

  /** The account's `timeZone` (account details): the daily quota resets at its midnight. Unknown zones are ignored. */
  setTimeZone(timeZone: string): void {
    try {
      timeOfDay(timeZone);
      this.timeZone = timeZone;
    } catch {
      this.timeZone = undefined;
    }
  }

  /** Milliseconds until the daily quota resets. */
  msToDailyReset(nowMs: number): number {
    return msToNextMidnight(nowMs, this.timeZone);
  }

  /** The call is over: its slot counts from now, when HubSpot has surely counted it. */
  async answered(call: SentCall | undefined): Promise<void> {
    if (call) await this.window.answered(call.bucket, call.ticket, this.deps.now());
  }

  /** Correct the shared model from a response's headers (search responses carry none). */
  async observe(headers: Headers): Promise<void> {
    const num = (name: string): number | undefined => {
      const raw = headers.get(name);
      const value = raw === null ? Number.NaN : Number(raw);
      return Number.isFinite(value) ? value : undefined;
    };
    const max = num('x-hubspot-ratelimit-max');
    const remaining = num('x-hubspot-ratelimit-remaining');
    const interval = num('x-hubspot-ratelimit-interval-milliseconds');
    if (interval !== undefined && interval > 0) this.intervalMs = interval;
    if (max !== undefined && max > 0) this.windowMax = max;
    if (remaining !== undefined) {
      this.lastWindowRemaining = remaining;
      const now = this.deps.now();
      // Another client of the same app used the window: every worker stops until it has rolled over.
      if (remaining <= 0) await this.window.pause('window', now + this.intervalMs);
      else await this.window.atLeast('standard', this.windowMax - remaining, now, this.intervalMs);
    }
    const daily = num('x-hubspot-ratelimit-daily');
    const dailyRemaining = num('x-hubspot-ratelimit-daily-remaining');
    if (daily !== undefined && daily > 0) this.dailyLimit = daily;
    if (dailyRemaining !== undefined) {
      const now = this.deps.now();
      this.rollDay(now);
      this.headerDailyRemaining = dailyRemaining;
      this.callsSinceDailyHeader = 0;
      this.dayEndsAt ??= now + this.msToDailyReset(now);
    }
  }

  /** After a 10-s or secondly 429: nothing goes out, from any worker of the app, before `ms` has passed. */
  async pauseFor(ms: number): Promise<void> {
    await this.window.pause('window', this.deps.now() + ms);
  }

  /** After a DAILY 429: every call of every worker fails fast until the next window. */
  async dailyExhausted(ms: number): Promise<void> {
    this.dailyBlockedUntil = this.deps.now() + ms;
    await this.window.pause('daily', this.dailyBlockedUntil);
  }

  quota(): QuotaSnapshot {
    this.rollDay(this.deps.now());
    const remaining = this.dailyRemaining();
    const out: QuotaSnapshot = { windowMax: this.windowMax };
    if (this.lastWindowRemaining !== undefined) out.windowRemaining = this.lastWindowRemaining;
    if (this.dailyLimit !== undefined) out.dailyLimit = this.dailyLimit;
    if (this.dailyLimit !== undefined && remaining !== undefined) out.dailyUsed = this.dailyLimit - remaining;
    return out;
  }

  private dailyRemaining(): number | undefined {
    if (this.headerDailyRemaining !== undefined)
      return this.headerDailyRemaining - this.callsSinceDailyHeader;
    return this.dailyLimit === undefined ? undefined : this.dailyLimit - this.ownCalls;
  }

  /** A new day at the account's midnight: the counts of the one before no longer hold. */
  private rollDay(now: number): void {
    if (this.dayEndsAt === undefined || now < this.dayEndsAt) return;
    this.dayEndsAt = undefined;
    this.headerDailyRemaining = undefined;
    this.callsSinceDailyHeader = 0;
    this.ownCalls = 0;
  }

  private checkDaily(): void {
    const now = this.deps.now();
    this.rollDay(now);
    if (now < this.dailyBlockedUntil) {
      throw new SyncError(
        'rate_limited',
        'HUBSPOT_DAILY_LIMIT',
        'HubSpot daily API limit reached',
        {},
        {
          retryAfterMs: this.dailyBlockedUntil - now,
        },
      );
    }
    const remaining = this.dailyRemaining();
    if (this.dailyLimit === undefined || remaining === undefined) return;
    const reserved = Math.ceil(this.dailyLimit * this.reserve);
    if (remaining - 1 < reserved) {
      throw new SyncError(
        'rate_limited',
        'HUBSPOT_DAILY_RESERVE',
        `HubSpot daily quota down to ${remaining} of ${this.dailyLimit}; the last ${reserved} are reserved for other integrations (limits.dailyReserve)`,
        { dailyLimit: this.dailyLimit, dailyRemaining: remaining, reserved },
        { retryAfterMs: this.msToDailyReset(now) },
      );
    }
  }
}
