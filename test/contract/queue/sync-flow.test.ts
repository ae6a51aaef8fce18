import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../../src/lib/errors.ts';
import { processJobId } from '../../../src/queue/queue-settings.ts';
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

describe('sync run as a BullMQ flow', () => {
  it('processes every chunk before the commit, which gets the pulled cursors', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({ people: 10 });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    const processed = fake.of('processed');
    expect(processed.map((c) => c.personIds.length).sort()).toEqual([1, 3, 3, 3]);
    expect(new Set(processed.flatMap((c) => c.personIds)).size).toBe(10);
    const commit = fake.of('commit')[0];
    expect(commit?.at).toBeGreaterThanOrEqual(Math.max(...processed.map((c) => c.at)));
    expect(commit).toMatchObject({ pendingCursors: { 'hubspot:contact': 'cursor-1' }, failedChunks: 0 });
    expect(new Set(fake.calls.map((c) => c.runId)).size).toBe(1);
  });

  it('gives each process job a range of the dirty set, which the job lists itself, never the ids', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({ people: 10 });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    const runId = fake.of('pull')[0]?.runId ?? '';
    const data = await Promise.all(
      [0, 1, 2, 3].map(async (i) => (await h.producer.queue.getJob(processJobId(runId, i)))?.data),
    );
    const ranges = [
      { after: null, through: 'p0002' },
      { after: 'p0002', through: 'p0005' },
      { after: 'p0005', through: 'p0008' },
      { after: 'p0008', through: 'p0009' },
    ];
    expect(data).toEqual(ranges.map((range) => ({ runId, range })));
    // The coordinator listed the whole set once; each job listed only its own range.
    expect(fake.listed.map((c) => c.range)).toEqual(expect.arrayContaining([null, ...ranges]));
    expect(fake.listed).toHaveLength(5);
  });

  it('runs a commit straight away when nothing is dirty', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({ people: 0 });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('rescore');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    expect(fake.of('process')).toHaveLength(0);
  });

  it('shares chunks between two workers, each chunk processed once', async () => {
    h = harness(redis.url);
    const bothBusy = gate();
    const busy = new Set<string>();
    const fake = new FakePhases({
      people: 24,
      onProcess: async (_ids, _attempt, worker) => {
        busy.add(worker);
        if (busy.size === 2) bothBusy.open();
        // Each worker holds its first chunk until the other one is working too: proof they share the run.
        await Promise.race([bothBusy.promise, sleep(5_000)]);
      },
    });
    await h.worker(fake.forWorker('w1'), { concurrency: 1 });
    await h.worker(fake.forWorker('w2'), { concurrency: 1 });
    await h.producer.enqueueSync('full');
    await waitFor(() => fake.of('commit').length === 1, 15_000, 'commit');
    const processed = fake.of('processed');
    expect(processed).toHaveLength(8);
    expect(new Set(processed.map((c) => c.personIds.join())).size).toBe(8);
    expect(new Set(processed.map((c) => c.worker))).toEqual(new Set(['w1', 'w2']));
  });

  it('leaves one active run and exactly one follow-up when triggers overlap', async () => {
    h = harness(redis.url);
    const firstPull = gate();
    let pulls = 0;
    const fake = new FakePhases({
      people: 6,
      beforePull: async () => {
        pulls += 1;
        if (pulls === 1) await firstPull.promise;
      },
    });
    await h.worker(fake.forWorker('w1'), { concurrency: 4 });
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('pull').length === 1, 10_000, 'first pull');
    for (let i = 0; i < 5; i += 1) await h.producer.enqueueSync('incremental', `trigger-${i}`);
    await sleep(300);
    expect(fake.of('pull')).toHaveLength(1);
    firstPull.open();
    await waitFor(() => fake.of('commit').length === 2, 10_000, 'two commits');
    await sleep(300);
    const runs = fake.of('pull').map((c) => c.runId);
    expect(runs).toHaveLength(2);
    expect(new Set(runs).size).toBe(2);
    const firstCommit = fake.of('commit').find((c) => c.runId === runs[0]);
    const secondPull = fake.of('pull')[1];
    expect(secondPull?.at).toBeGreaterThanOrEqual(firstCommit?.at ?? Infinity);
  });

  it('retries a failing chunk with backoff and commits only after it succeeded', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({
      people: 6,
      onProcess: (ids, attempt) => {
        if (ids.includes('p0000') && attempt < 3)
          throw new SyncError('transient', 'ECONNRESET', 'socket hang up');
      },
    });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    const tries = fake.of('process').filter((c) => c.personIds.includes('p0000'));
    expect(tries).toHaveLength(3);
    // Exponential backoff from 100 ms with 50 % jitter: at least 50 ms, then at least 100 ms.
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
    expect((tries[2]?.at ?? 0) - (tries[1]?.at ?? 0)).toBeGreaterThanOrEqual(95);
    const commit = fake.of('commit')[0];
    expect(commit?.failedChunks).toBe(0);
    expect(commit?.at).toBeGreaterThanOrEqual(tries[2]?.at ?? Infinity);
  });

  it('commits with the failed chunk counted once its retries are exhausted, and frees the connection', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({
      people: 6,
      onProcess: (ids) => {
        if (ids.includes('p0003')) throw new SyncError('transient', 'HTTP_503', 'unavailable');
      },
    });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    expect(fake.of('commit')[0]?.failedChunks).toBe(1);
    const runId = fake.of('pull')[0]?.runId ?? '';
    const failed = await h.producer.queue.getJob(processJobId(runId, 1));
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(3);
    // The lock was released: the next run starts at once.
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 2, 10_000, 'second commit');
  });

  it('runs targeted record syncs and deduplicates a burst for the same records', async () => {
    h = harness(redis.url);
    const fake = new FakePhases();
    const refs = [{ crm: 'hubspot' as const, object: 'contact' as const, id: '101' }];
    const first = await h.producer.enqueueRecords(refs);
    const second = await h.producer.enqueueRecords(refs);
    expect(second).toBe(first);
    await h.worker(fake.forWorker('w1'));
    await waitFor(() => fake.of('records').length === 1, 10_000, 'records');
    expect(fake.of('records')[0]?.refs).toEqual(refs);
  });
});
