import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../../src/queue/start-worker.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { FakePhases, gate, sleep, waitFor } from './fake-phases.ts';
import { harness, silent, type Harness } from './queue-harness.ts';

describe('worker lifecycle', () => {
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

  it('close() lets the job in hand finish and takes no new job', async () => {
    h = harness(redis.url);
    const started = gate();
    const finish = gate();
    const fake = new FakePhases({
      people: 3,
      onProcess: async () => {
        started.open();
        await finish.promise;
      },
    });
    const running = await h.worker(fake.forWorker('w1'), { concurrency: 1 });
    await h.producer.enqueueSync('incremental');
    await started.promise;
    let closed = false;
    const closing = running.close().then(() => (closed = true));
    // However long the job in hand takes, close() waits for it.
    await sleep(200);
    expect(closed).toBe(false);
    finish.open();
    await closing;
    expect(fake.of('processed')).toHaveLength(1);
    await sleep(200);
    // The commit became ready when the chunk finished, but the closed worker did not take it.
    expect(fake.of('commit')).toHaveLength(0);
    const counts = await h.producer.queue.getJobCounts('completed', 'waiting', 'active');
    expect(counts['active']).toBe(0);
    expect(counts['waiting']).toBe(1);
    // A new worker picks the run up where it stopped.
    await h.worker(fake.forWorker('w2'));
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit on the new worker');
  });

  it('upserts the three schedulers idempotently with deterministic ids', async () => {
    h = harness(redis.url);
    const schedule = {
      incremental: '*/15 * * * *',
      rescore: '0 2 * * *',
      fullReconcile: '0 3 * * 0',
      timezone: 'Europe/Berlin',
    };
    await h.producer.upsertSchedules(schedule);
    await h.producer.upsertSchedules({ ...schedule, incremental: '*/5 * * * *' });
    const schedulers = await h.producer.queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'leadloop-full',
      'leadloop-incremental',
      'leadloop-rescore',
    ]);
    expect(schedulers.find((s) => s.key === 'leadloop-incremental')).toMatchObject({
      pattern: '*/5 * * * *',
      tz: 'Europe/Berlin',
    });
    expect(await h.producer.queue.getDelayedCount()).toBe(3);
  });

  it('rejects an invalid cron before scheduling anything', async () => {
    h = harness(redis.url);
    await expect(
      h.producer.upsertSchedules({
        incremental: 'every minute',
        rescore: '0 2 * * *',
        fullReconcile: '0 3 * * 0',
        timezone: 'UTC',
      }),
    ).rejects.toThrow(/schedule.incremental: invalid cron "every minute"/);
    expect(await h.producer.queue.getJobSchedulersCount()).toBe(0);
  });

  it('turns a scheduler trigger into a sync of its kind', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({ people: 2 });
    await h.worker(fake.forWorker('w1'));
    await h.producer.queue.add('trigger', { kind: 'rescore' });
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    expect(fake.of('pull')[0]?.kind).toBe('rescore');
  });

  it('refuses to start when Redis may evict keys', async () => {
    h = harness(redis.url);
    const lru = await startRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
    try {
      await expect(
        startWorker({
          redisUrl: lru.url,
          phases: new FakePhases().forWorker('w'),
          logger: silent,
          queueName: h.queueName,
        }),
      ).rejects.toThrow(/maxmemory-policy is "allkeys-lru"/);
    } finally {
      await lru.stop();
    }
  });
});
