/**
 * §B5 #7, HubSpot's daily limit as an alert. The sandbox portal allows a handful of calls a day (its quota
 * resets at midnight in the account's time zone, US/Eastern): a sync meets the DAILY 429 on its first
 * pull. What an operator watches must say so with the time calls resume: one error log line, `alerts` in
 * `/api/status`, the `/metrics` gauges and a banner on `/admin/health`; a run inside the window fails fast
 * without a second log line, and after the account's midnight the alert is gone and a run succeeds.
 */
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { captureLogger } from '../helpers/capture-logger.ts';
import { withSandboxes } from '../helpers/sandboxes.ts';

const ADMIN_TOKEN = 'daily-limit-admin-token-0123456789';
// 12:00 UTC is 07:00 in US/Eastern (before DST): the quota resets at 05:00 UTC the next day.
const START = Date.parse('2026-03-02T12:00:00.000Z');
const RESUMES = '2026-03-03T05:00:00.000Z';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.useRealTimers();
});

it('a DAILY 429 raises a log line, a status alert, a metric and a banner naming the resume time; they clear after the account midnight', async () => {
  // Quota windows run on wall time (the sandbox's, the connector's, the alert's): only Date is faked,
  // and it ticks on from START, so timers and sockets behave as usual.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: START });
  const sb = await withSandboxes({
    people: 12,
    seed: 17,
    hubspot: {
      host: '127.0.0.1',
      port: 0,
      limits: { tenSecondMax: 100, dailyMax: 4, searchPerSecond: 5, enabled: true },
    },
  });
  cleanups.push(() => sb.close());
  const config: LeadloopConfig = {
    ...sb.config,
    http: { ...sb.config.http, adminToken: ADMIN_TOKEN },
    connections: {
      ...sb.config.connections,
      // No reserve: the stop is HubSpot's own DAILY 429, not leadloop's caution before it.
      hubspot: {
        ...sb.config.connections.hubspot,
        limits: { ...sb.config.connections.hubspot.limits, dailyReserve: 0 },
      },
    },
  };
  const log = captureLogger();
  const rt: Runtime = await openRuntime(config, { logger: log.logger });
  cleanups.push(() => rt.close());
  const server: RunningServer = await startServer({
    runtime: rt,
    // Not read: no mappings route is called.
    configPath: join(sb.dir, 'leadloop.yaml'),
    logger: rt.logger,
    host: '127.0.0.1',
    port: 0,
    authFailureLimits: { perAddress: 10_000, overall: 10_000, windowSeconds: 60 },
  });
  cleanups.push(() => server.close());
  const get = (path: string): Promise<Response> =>
    fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });

  const failure = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );
  const first = await failure(runSync(rt, { kind: 'full' }));
  expect(first).toBeInstanceOf(SyncError);
  expect((first as SyncError).kind).toBe('rate_limited');
  // The portal's headers say how little is left, so leadloop stops before HubSpot's DAILY 429.
  expect((first as SyncError).code).toBe('HUBSPOT_DAILY_RESERVE');

  const alertLines = () => log.lines.filter((l) => String(l['msg']).includes('daily API limit reached'));
  expect(alertLines()).toHaveLength(1);
  expect(alertLines()[0]).toMatchObject({ level: 50, crm: 'hubspot', resumesAt: RESUMES });
  expect(String(alertLines()[0]?.['msg'])).toContain(`no calls until ${RESUMES}`);

  const status = async () => ((await (await get('/api/status')).json()) as { alerts: unknown[] }).alerts;
  expect(await status()).toEqual([
    expect.objectContaining({
      crm: 'hubspot',
      resumesAt: RESUMES,
      message: expect.stringContaining(RESUMES),
    }),
  ]);
  const metrics = async () => (await get('/metrics')).text();
  const during = await metrics();
  expect(during).toContain('leadloop_api_daily_limit_reached{crm="hubspot"} 1');
  expect(during).toContain('leadloop_api_daily_limit_reached{crm="salesforce"} 0');
  expect(during).toContain(
    `leadloop_api_daily_limit_resumes_seconds{crm="hubspot"} ${Date.parse(RESUMES) / 1000}`,
  );
  const page = await (await get('/admin/health')).text();
  expect(page).toContain('<p role="alert" class="alert">HubSpot daily API limit reached');

  // An hour later, still inside the window: the run stops before calling HubSpot, and says nothing new.
  vi.setSystemTime(Date.now() + 3_600_000);
  const calls429 = sb.hubspot.stats().http429;
  const second = await failure(runSync(rt, { kind: 'incremental' }));
  expect((second as SyncError).code).toBe('HUBSPOT_DAILY_RESERVE');
  expect(sb.hubspot.stats().http429).toBe(calls429);
  expect(alertLines()).toHaveLength(1);
  expect(await status()).toHaveLength(1);

  // Past the account's midnight the quota is back: no alert, and a run goes through.
  vi.setSystemTime(Date.parse(RESUMES) + 60_000);
  expect(await status()).toEqual([]);
  // The metrics render is cached for 5 s of wall time; a new app's registry is not needed, only a new render.
  await new Promise((resolve) => setTimeout(resolve, 5_100));
  const after = await metrics();
  expect(after).toContain('leadloop_api_daily_limit_reached{crm="hubspot"} 0');
  expect(after).not.toContain('leadloop_api_daily_limit_resumes_seconds{crm="hubspot"}');
  expect(await (await get('/admin/health')).text()).not.toContain('role="alert"');
  // A larger quota from the new day on, so the run has room to finish.
  sb.hubspot.setLimits({ tenSecondMax: 100, dailyMax: 100_000, searchPerSecond: 5, enabled: true });
  await runSync(rt, { kind: 'full' });
  expect(await status()).toEqual([]);
}, 60_000);
