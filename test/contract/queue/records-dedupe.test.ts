/**
 * Issue 10: a webhook arriving while a records job for the same contacts runs must get its own job.
 * BullMQ's simple-mode deduplication holds the key until the job completes, so before the fix the second
 * change was answered with the running job's id and never synced. Real Redis, real worker.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPhases } from '../../../src/queue/types.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { FakePhases, gate, waitFor } from './fake-phases.ts';
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

describe('records job deduplication', () => {
  it('gives a change that arrives while the records job runs its own job; both are synced', async () => {
    h = harness(redis.url);
    const fake = new FakePhases();
    const release = gate();
    const base = fake.forWorker('w1');
    let calls = 0;
    const phases: SyncPhases = {
      ...base,
      // The first sync holds on (reading the CRM) until the test has sent the second change.
      syncRecords: async (input) => {
        calls += 1;
        const outcome = await base.syncRecords(input);
        if (calls === 1) await release.promise;
        return outcome;
      },
    };
    // One job at a time: the second change waits behind the first, so the burst test below is exact.
    await h.worker(phases, { concurrency: 1 });

    const first = await h.producer.enqueueRecords(refs);
    let second: string;
    try {
      await waitFor(() => fake.of('records').length === 1, 10_000, 'first records job running');
      second = await h.producer.enqueueRecords(refs);
      expect(second).not.toBe(first);
      // A burst while the second waits still folds into it.
      expect(await h.producer.enqueueRecords(refs)).toBe(second);
    } finally {
      // However the test ends, the first job is let go, so closing the worker never waits on it.
      release.open();
    }
    await waitFor(() => fake.of('records').length === 2, 10_000, 'second records job');
    await waitFor(
      async () => (await h.producer.queue.getJob(second))?.finishedOn !== undefined,
      10_000,
      'second job completed',
    );
    expect(fake.of('records').map((c) => c.refs)).toEqual([refs, refs]);
    expect(new Set(fake.of('records').map((c) => c.runId)).size).toBe(2);
  });
});
