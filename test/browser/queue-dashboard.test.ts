/**
 * The BullMQ dashboard in Debian chromium: after the admin login it renders the queue with its failed job
 * and the error, served entirely by this server under its CSP. Leaves test/artifacts/queue-dashboard.png.
 */
import { Queue, Worker } from 'bullmq';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, screenshot } from '../helpers/admin-browser.ts';

let redis: TestRedis;
let queue: Queue;
let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  redis = await startRedis();
  queue = new Queue('leadloop-default', { connection: { url: redis.url } });
  // One job that fails, so the dashboard has an error to show.
  const worker = new Worker(
    'leadloop-default',
    async () => {
      throw new Error('HubSpot answered 401 (token revoked)');
    },
    { connection: { url: redis.url } },
  );
  const failed = new Promise<void>((resolve) => worker.once('failed', () => resolve()));
  await queue.add('sync', { kind: 'incremental', reason: 'browser test' });
  await failed;
  await worker.close();
  t = await startTestServer({ app: { queues: [queue] } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await queue?.close();
  await redis?.stop();
});

describe('queue dashboard in a browser', () => {
  it('shows the failed job and its error after logging in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The bundle links Google Fonts; the CSP must stop that before it leaves the machine.
    const offsite: string[] = [];
    page.on('response', (r) => {
      if (!r.url().startsWith(t.url)) offsite.push(r.url());
    });
    const blocked: string[] = [];
    page.on('requestfailed', (r) => {
      if (!r.url().startsWith(t.url)) blocked.push(r.url());
    });
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="true"]');
    await page.goto(`${t.url}/admin/queues/queue/leadloop-default?status=failed`);
    await expect
      .poll(() => page.getByText('HubSpot answered 401 (token revoked)').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'queue-dashboard.png', {});
    expect(offsite).toEqual([]);
    expect(blocked.every((url) => url.startsWith('https://fonts.googleapis.com/'))).toBe(true);
  });
});
