import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SyncError } from '../../../src/lib/errors.ts';
import { classifyJobError, DEFAULT_RATE_LIMIT_MS } from '../../../src/queue/classify-job-error.ts';
import { processJobId } from '../../../src/queue/queue-settings.ts';
import { createRedisStore } from '../../../src/state/redis/redis-store.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { FakePhases, waitFor } from './fake-phases.ts';
import { harness, type Harness } from './queue-harness.ts';
import { Redis } from 'ioredis';

describe('classifyJobError', () => {
  it.each([
    [new SyncError('config', 'PROPERTY_DOESNT_EXIST', 'no leadloop_score'), 'fail'],
    [new SyncError('auth', 'INVALID_SESSION_ID', 'session expired'), 'fail'],
    [new SyncError('record', 'VALIDATION_ERROR', 'bad email'), 'fail'],
    [new ConfigError(['scoring.model: required']), 'fail'],
    [new SyncError('transient', 'ECONNRESET', 'socket hang up'), 'retry'],
    [new Error('anything else'), 'retry'],
    ['a string', 'retry'],
  ])('%s → %s', (err, action) => {
    expect(classifyJobError(err).action).toBe(action);
  });

  it('waits the server hint on rate limits, or the default', () => {
    expect(
      classifyJobError(new SyncError('rate_limited', '429', 'slow down', {}, { retryAfterMs: 1_500 })),
    ).toEqual({
      action: 'rate-limit',
      delayMs: 1_500,
    });
    expect(classifyJobError(new SyncError('rate_limited', 'REQUEST_LIMIT_EXCEEDED', 'quota'))).toEqual({
      action: 'rate-limit',
      delayMs: DEFAULT_RATE_LIMIT_MS,
    });
  });
});

describe('worker error handling', () => {
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

  it('fails a run on a config error without retrying, and releases the connection lock', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({
      onPull: () => {
        throw new SyncError('config', 'PROPERTY_DOESNT_EXIST', 'property leadloop_score does not exist');
      },
    });
    await h.worker(fake.forWorker('w1'));
    const jobId = await h.producer.enqueueSync('incremental');
    await waitFor(
      async () => (await h.producer.queue.getJob(jobId))?.finishedOn !== undefined,
      10_000,
      'failed job',
    );
    const job = await h.producer.queue.getJob(jobId);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/^config: PROPERTY_DOESNT_EXIST/);
    expect(fake.of('pull')).toHaveLength(1);
    const client = new Redis(redis.url);
    const locks = createRedisStore(client, { keyPrefix: `leadloop:{${h.connection}}:` });
    expect(await locks.acquireLock('sync-run', 'someone-else', 1_000)).toBe(true);
    await client.quit();
  });

  it('waits out a rate limit without spending an attempt', async () => {
    h = harness(redis.url);
    const fake = new FakePhases({
      people: 3,
      onProcess: (_ids, attempt) => {
        if (attempt === 1)
          throw new SyncError('rate_limited', '429', 'TEN_SECONDLY_ROLLING', {}, { retryAfterMs: 300 });
      },
    });
    await h.worker(fake.forWorker('w1'));
    await h.producer.enqueueSync('incremental');
    await waitFor(() => fake.of('commit').length === 1, 10_000, 'commit');
    const tries = fake.of('process');
    expect(tries).toHaveLength(2);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
    const job = await h.producer.queue.getJob(processJobId(tries[0]?.runId ?? '', 0));
    expect(await job?.getState()).toBe('completed');
    // One real attempt (the completion); the rate-limited start did not count.
    expect(job?.attemptsMade).toBe(1);
    expect(job?.attemptsStarted).toBe(2);
  });
});
