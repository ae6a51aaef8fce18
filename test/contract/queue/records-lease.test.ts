/**
 * A `records` job holds the connection's run lease like a sync run: while a run holds it, the records
 * job waits (delayed, no attempt spent) and runs after that run's commit; while a records job runs, a
 * sync waits for it. Real Redis, real worker, the worker's own lock store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leaseWaitMs } from '../../../src/queue/handle-records-job.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { FakePhases, gate, sleep, waitFor } from './fake-phases.ts';
import { harness, type Harness } from './queue-harness.ts';

let redis: TestRedis;
let h: Harness;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await h.close();
});

const refs = [{ crm: 'hubspot' as const, object: 'contact' as const, id: '101' }];

describe('records job and the run lease', () => {
  it('waits while a sync run holds the lease, then runs after its commit without spending an attempt', async () => {
    h = harness(redis.url);
    const pulling = gate();
    const release = gate();
    const fake = new FakePhases({
      people: 4,
      beforePull: async () => {
        pulling.open();
        await release.promise;
      },
    });
    await h.worker(fake.forWorker('w1'), { concurrency: 4 });
    await h.producer.enqueueSync('incremental');
    let jobId = '';
    try {
      await pulling.promise;
      jobId = await h.producer.enqueueRecords(refs);
      // Several lease polls (50 ms apart at first) while the run is in its pull.
      await sleep(400);
      expect(fake.of('records')).toHaveLength(0);
      const waiting = await h.producer.queue.getJob(jobId);
      expect(await waiting?.getState()).toBe('delayed');
    } finally {
      release.open();
    }
    await waitFor(() => fake.of('recordsDone').length === 1, 10_000, 'records run');
    const commit = fake.of('commit')[0];
    expect(commit).toBeDefined();
    expect(fake.of('records')[0]?.at).toBeGreaterThanOrEqual(commit?.at ?? Infinity);
    await waitFor(
      async () => (await h.producer.queue.getJob(jobId))?.finishedOn !== undefined,
      10_000,
      'records job completed',
    );
    const done = await h.producer.queue.getJob(jobId);
    // Started once per look at the lease, yet it finished on its one and only attempt.
    expect(done?.attemptsStarted).toBeGreaterThan(1);
    expect(done?.attemptsMade).toBe(1);
    expect(done?.returnvalue).toMatchObject({ records: 1, people: 1 });
  });

  it('holds the lease while it runs: a sync enqueued meanwhile pulls only after it finished', async () => {
    h = harness(redis.url);
    const running = gate();
    const release = gate();
    const fake = new FakePhases({
      people: 2,
      onRecords: async () => {
        running.open();
        await release.promise;
      },
    });
    await h.worker(fake.forWorker('w1'), { concurrency: 4 });
    await h.producer.enqueueRecords(refs);
    try {
      await running.promise;
      await h.producer.enqueueSync('incremental');
      await sleep(400);
      expect(fake.of('pull')).toHaveLength(0);
    } finally {
      release.open();
    }
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'sync committed');
    expect(fake.of('pull')[0]?.at).toBeGreaterThanOrEqual(fake.of('recordsDone')[0]?.at ?? Infinity);
  });
});

describe('leaseWaitMs', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [4, 40_000],
    [5, 60_000],
    [50, 60_000],
  ])('start %i waits %i ms (poll 5 s, doubling, capped at a minute)', (started, ms) => {
    expect(leaseWaitMs(5_000, started)).toBe(ms);
  });
});
