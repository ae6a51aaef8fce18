/**
 * The limiter window in Redis, shared by every worker of one HubSpot app: a sorted set of send times
 * per bucket (a sliding log, as HubSpot's window rolls; a fixed-window counter would let two windows'
 * worth through across a boundary) and a hash of pauses. Each operation is one Lua script, so the check
 * and the count are atomic across workers. Send times are the callers' clocks: workers on one host, or
 * hosts kept in step by NTP, which the limiter's headroom covers.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LimiterWindow, PauseScope, WindowBucket, WindowSlot } from './limiter-window.ts';

// KEYS: window zset, pauses hash. ARGV: now, max, interval, member. Answers {waitMs, dailyPausedMs}.
const TAKE = `
local now = tonumber(ARGV[1])
local daily = tonumber(redis.call('HGET', KEYS[2], 'daily') or '0')
if daily > now then return {0, daily - now} end
local paused = tonumber(redis.call('HGET', KEYS[2], 'window') or '0')
if paused > now then return {paused - now, 0} end
local interval = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], interval * 2)
  return {0, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {tonumber(oldest[2]) + interval - now + 1, 0}
`;

// KEYS: pauses hash. ARGV: scope, until. Keeps the later pause; a day's pause is the longest there is.
const PAUSE = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('PEXPIRE', KEYS[1], ${25 * 3_600_000})
return 0
`;

// KEYS: window zset. ARGV: now, interval, used, member prefix. Pads the log up to `used` entries.
const AT_LEAST = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
local missing = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
for i = 1, missing do redis.call('ZADD', KEYS[1], now, ARGV[4] .. i) end
if missing > 0 then redis.call('PEXPIRE', KEYS[1], interval * 2) end
return missing
`;

export class RedisLimiterWindow implements LimiterWindow {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly sender = randomUUID();
  private sequence = 0;

  /** `key` names the app (and portal): every worker given the same key shares one window. */
  constructor(redis: Redis, key: string) {
    this.redis = redis;
    this.prefix = `leadloop:hubspot-limits:${key}`;
  }

  async take(bucket: WindowBucket, nowMs: number, max: number, intervalMs: number): Promise<WindowSlot> {
    const ticket = this.member();
    const answer = (await this.redis.eval(
      TAKE,
      2,
      this.windowKey(bucket),
      this.pausesKey(),
      nowMs,
      max,
      intervalMs,
      ticket,
    )) as [number, number];
    const waitMs = Number(answer[0]);
    const dailyPausedMs = Number(answer[1]);
    return waitMs === 0 && dailyPausedMs === 0
      ? { waitMs, ticket, dailyPausedMs }
      : { waitMs, dailyPausedMs };
  }

  async answered(bucket: WindowBucket, ticket: string, nowMs: number): Promise<void> {
    // XX: only a call still in the log moves; one already aged out stays out.
    await this.redis.zadd(this.windowKey(bucket), 'XX', nowMs, ticket);
  }

  async pause(scope: PauseScope, untilMs: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.pausesKey(), scope, untilMs);
  }

  async atLeast(bucket: WindowBucket, used: number, nowMs: number, intervalMs: number): Promise<void> {
    await this.redis.eval(AT_LEAST, 1, this.windowKey(bucket), nowMs, intervalMs, used, `${this.member()}:`);
  }

  private windowKey(bucket: WindowBucket): string {
    return `${this.prefix}:${bucket}`;
  }

  private pausesKey(): string {
    return `${this.prefix}:pauses`;
  }

  /** Unique per call: two workers sending in the same millisecond are two entries. */
  private member(): string {
    this.sequence += 1;
    return `${this.sender}:${this.sequence}`;
  }
}
