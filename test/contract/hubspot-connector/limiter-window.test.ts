/**
 * The limiter window's contract, run against both implementations: the in-process one and the Redis one
 * every worker of an app shares (two instances on one key stand for two workers).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessWindow, type LimiterWindow } from '../../../connectors/hubspot/limiter-window.ts';
import { RedisLimiterWindow } from '../../../connectors/hubspot/redis-limiter-window.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';

const T0 = 1_000_000;

let redis: TestRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) await c.quit();
  await redis.stop();
});

/** Two handles on one shared window. */
type Pair = () => [LimiterWindow, LimiterWindow];
let keys = 0;
const implementations: Array<[string, Pair]> = [
  [
    'in-process',
    () => {
      const w = new InProcessWindow();
      return [w, w];
    },
  ],
  [
    'redis',
    () => {
      keys += 1;
      const key = `contract-${keys}-${Date.now()}`;
      const a = new Redis(redis.url);
      const b = new Redis(redis.url);
      clients.push(a, b);
      return [new RedisLimiterWindow(a, key), new RedisLimiterWindow(b, key)];
    },
  ],
];

describe.each(implementations)('%s limiter window', (_name, pair) => {
  it('admits max calls per interval across both handles, then says how long to wait', async () => {
    const [a, b] = pair();
    expect(await a.take('standard', T0, 2, 10_000)).toMatchObject({ waitMs: 0, dailyPausedMs: 0 });
    expect(await b.take('standard', T0 + 100, 2, 10_000)).toMatchObject({ waitMs: 0 });
    expect(await a.take('standard', T0 + 200, 2, 10_000)).toEqual({ waitMs: 9_801, dailyPausedMs: 0 });
    expect(await b.take('search', T0 + 200, 2, 1_000)).toMatchObject({ waitMs: 0 });
    expect(await b.take('standard', T0 + 10_001, 2, 10_000)).toMatchObject({ waitMs: 0 });
  });

  it('counts a call from its answer, so a slow call keeps its slot longer', async () => {
    const [a, b] = pair();
    const slow = await a.take('standard', T0, 1, 10_000);
    expect(slow.ticket).toBeDefined();
    await a.answered('standard', slow.ticket ?? '', T0 + 3_000);
    expect((await b.take('standard', T0 + 10_500, 1, 10_000)).waitMs).toBe(2_501);
    expect((await b.take('standard', T0 + 13_001, 1, 10_000)).waitMs).toBe(0);
  });

  it('a pause set by one handle holds the other; a daily pause is reported, not waited', async () => {
    const [a, b] = pair();
    await a.pause('window', T0 + 5_000);
    expect(await b.take('standard', T0, 10, 10_000)).toEqual({ waitMs: 5_000, dailyPausedMs: 0 });
    await b.pause('daily', T0 + 60_000);
    expect(await a.take('standard', T0 + 6_000, 10, 10_000)).toEqual({ waitMs: 0, dailyPausedMs: 54_000 });
  });

  it('pads the log up to what HubSpot says it counted, never down', async () => {
    const [a, b] = pair();
    await a.take('standard', T0, 5, 10_000);
    await b.atLeast('standard', 4, T0 + 10, 10_000);
    expect((await a.take('standard', T0 + 20, 5, 10_000)).waitMs).toBe(0);
    expect((await a.take('standard', T0 + 30, 5, 10_000)).waitMs).toBeGreaterThan(0);
    await b.atLeast('standard', 1, T0 + 40, 10_000);
    expect((await a.take('standard', T0 + 10_011, 5, 10_000)).waitMs).toBe(0);
  });
});
