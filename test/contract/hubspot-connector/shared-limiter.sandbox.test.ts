/**
 * Four workers of one HubSpot app, each with its own connector and HubSpot client and its own Redis
 * connection, share one Redis-backed window against one Professional-tier sandbox (190 per 10 s per
 * app): together they send twice what one window allows and meet no 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSpotTierLimits } from '../../../connectors/hubspot/sandbox/index.ts';
import type { CrmConnector } from '../../../connectors/types.ts';
import { HubSpotConnection } from '../../../src/config/connections.ts';
import { openHubSpotLimiter, type HubSpotLimiter } from '../../../src/main/hubspot-limiter.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';
import { captureLogger } from './helpers.ts';
import { sandboxConnector, withSandbox } from './sandbox-helpers.ts';

const WORKERS = 4;
const IN_FLIGHT_PER_WORKER = 3;
const CALLS_PER_WORKER = 90;
const WINDOW_MAX = 190;
const WINDOW_MS = 10_000;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

async function drive(hs: CrmConnector, calls: number): Promise<void> {
  let left = calls;
  const lane = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      await hs.check();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT_PER_WORKER }, lane));
}

describe('one rate limit per app, shared by every worker through Redis', () => {
  it('four workers sending twice a window’s worth get no 429 (and print the share of the window they used)', async () => {
    await withSandbox(
      { dataset: tinyDataset({ people: 3 }), limits: hubSpotTierLimits('professional') },
      async (sb) => {
        const limiters: HubSpotLimiter[] = [];
        try {
          const workers = Array.from({ length: WORKERS }, () => {
            const connection = HubSpotConnection.parse({
              baseUrl: sb.baseUrl,
              allowLocalhost: true,
              accessToken: sb.accessToken,
            });
            const limiter = openHubSpotLimiter(
              { type: 'redis', url: redis.url },
              connection,
              captureLogger().logger,
            );
            limiters.push(limiter);
            expect(limiter.window).toBeDefined();
            return sandboxConnector(sb, {}, limiter.window ? { limiterWindow: limiter.window } : {}).hs;
          });
          sb.resetStats();
          const started = Date.now();
          await Promise.all(workers.map((hs) => drive(hs, CALLS_PER_WORKER)));
          const elapsedMs = Date.now() - started;
          const total = WORKERS * CALLS_PER_WORKER;
          expect(sb.stats()).toMatchObject({ totalCalls: total, http429: 0 });
          // A sender filling every window sends max × (1 + elapsed / interval) calls by the end.
          const allowed = WINDOW_MAX * (1 + elapsedMs / WINDOW_MS);
          const share = total / allowed;
          process.stdout.write(
            `shared limiter: ${total} calls in ${elapsedMs} ms, ${(share * 100).toFixed(1)} % of the allowed rate\n`,
          );
          // The share is a figure, not an assertion: it depends on this machine's load (89.6 % measured idle).
          for (const hs of workers) expect(hs.usage().http429).toBe(0);
        } finally {
          await Promise.all(limiters.map((l) => l.close()));
        }
      },
    );
  }, 60_000);
});
