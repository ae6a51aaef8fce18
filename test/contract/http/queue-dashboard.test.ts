/**
 * `/admin/queues`: the BullMQ dashboard (@bull-board) over a real Redis, behind the admin token, with
 * the CSP its bundle needs and nothing more; without queues (no Redis) there is no dashboard.
 */
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let redis: TestRedis;
let queue: Queue;
let t: TestServer;
beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue('leadloop-dashboard-test', { connection: { url: redis.url } });
  await queue.add('sync', { kind: 'incremental', reason: 'test' });
  t = await startTestServer({ app: { queues: [queue] } });
}, 30_000);
afterAll(async () => {
  await t?.close();
  await queue?.close();
  await redis?.stop();
});

describe('queue dashboard', () => {
  it('serves the dashboard behind the admin token, with its own narrow CSP', async () => {
    expect((await fetch(`${t.url}/admin/queues`)).status).toBe(401);
    const page = await t.admin('/admin/queues');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    expect(html).toContain('leadloop queues');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('lists the queue with its waiting job through the dashboard API', async () => {
    const res = await t.admin('/admin/queues/api/queues?activeQueue=leadloop-dashboard-test&status=waiting');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    const mine = body.queues.find((q) => q.name === 'leadloop-dashboard-test');
    expect(mine?.counts['waiting']).toBe(1);
  });

  it('is absent without queues', async () => {
    const plain = await startTestServer();
    try {
      expect((await plain.admin('/admin/queues')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
