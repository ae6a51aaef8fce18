/** POST /api/sync: one run at a time in-process, rate-limited, queued when a queue is configured. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunOptions, RunReport } from '../../../src/sync/run-sync.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let release: () => void = () => undefined;
const runs: RunOptions[] = [];
const fakeRunSync = (_ctx: unknown, options: RunOptions): Promise<RunReport> => {
  runs.push(options);
  return new Promise((resolve) => {
    release = () =>
      resolve({
        runId: 'r',
        kind: options.kind,
        dryRun: false,
        startedAt: '',
        finishedAt: '',
        durationMs: 0,
        counters: {},
        provisioned: [],
        status: 'succeeded',
      });
  });
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ app: { runSync: fakeRunSync, syncMinIntervalMs: 60_000 } });
});
afterAll(async () => {
  release();
  await t?.close();
});

describe('POST /api/sync (embedded)', () => {
  it('starts one run, joins a second request to it, then rate-limits', async () => {
    const first = await t.admin('/api/sync', { method: 'POST', json: { kind: 'full' } });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ kind: 'full', status: 'started' });
    const second = await t.admin('/api/sync', { method: 'POST', json: {} });
    expect(await second.json()).toEqual({ kind: 'incremental', status: 'running' });
    release();
    await new Promise((r) => setTimeout(r, 20));
    const third = await t.admin('/api/sync', { method: 'POST', json: {} });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(runs.map((r) => r.kind)).toEqual(['full']);
  });

  it('rejects an unknown kind', async () => {
    const res = await t.admin('/api/sync', { method: 'POST', json: { kind: 'everything' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'kind' })] });
  });
});

describe('POST /api/sync (queued)', () => {
  it('enqueues through the producer', async () => {
    const kinds: string[] = [];
    const q = await startTestServer({
      app: {
        enqueue: {
          enqueueSync: async (kind) => (kinds.push(kind), 'job-42'),
          enqueueRecords: async () => 'x',
        },
      },
    });
    try {
      const res = await q.admin('/api/sync', { method: 'POST', json: { kind: 'rescore' } });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ kind: 'rescore', status: 'enqueued', jobId: 'job-42' });
      expect(kinds).toEqual(['rescore']);
    } finally {
      await q.close();
    }
  });
});
