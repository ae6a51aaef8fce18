import { afterEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../../src/lib/errors.ts';
import { startEmbeddedScheduler, type EmbeddedScheduler } from '../../../src/queue/embedded-scheduler.ts';
import { openSqliteStore } from '../../../src/state/sqlite/sqlite-store.ts';
import { FakePhases, gate, waitFor } from './fake-phases.ts';
import { silent } from './queue-harness.ts';

const YEARLY = {
  incremental: '0 0 1 1 *',
  rescore: '0 0 1 1 *',
  fullReconcile: '0 0 1 1 *',
  timezone: 'UTC',
};
const fast = { attempts: 3, backoffMs: 20 };
let scheduler: EmbeddedScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe('embedded scheduler', () => {
  it('runs pull, every chunk, then commit, in process', async () => {
    const fake = new FakePhases({ people: 7 });
    scheduler = startEmbeddedScheduler({
      phases: fake.forWorker('local'),
      schedule: YEARLY,
      logger: silent,
      chunkSize: 3,
    });
    const outcome = await scheduler.trigger('full');
    expect(outcome).toMatchObject({
      status: 'committed',
      kind: 'full',
      dirty: 7,
      chunks: 3,
      failedChunks: 0,
      written: 7,
    });
    expect(fake.calls.map((c) => c.phase)).toEqual([
      'pull',
      'process',
      'processed',
      'process',
      'processed',
      'process',
      'processed',
      'commit',
    ]);
  });

  it('fires each cron schedule at its time on an injected clock, and re-arms for the next one', async () => {
    const fake = new FakePhases({ people: 1 });
    let now = Date.parse('2026-03-02T13:59:58.000Z'); // 08:59:58 in New York
    const armed: { fire: () => void; ms: number }[] = [];
    scheduler = startEmbeddedScheduler({
      phases: fake.forWorker('local'),
      // 09:00 New York time on weekdays: 14:00 UTC in March before daylight saving starts.
      schedule: { ...YEARLY, incremental: '0 9 * * 1-5', timezone: 'America/New_York' },
      logger: silent,
      clock: () => new Date(now),
      timers: { set: (fire, ms) => armed.push({ fire, ms }), clear: () => undefined },
    });
    expect(armed.map((a) => a.ms)).toEqual([2_000]);
    expect(
      scheduler
        .nextRuns()
        .find((n) => n.kind === 'incremental')
        ?.at.toISOString(),
    ).toBe('2026-03-02T14:00:00.000Z');
    now += 2_000;
    armed[0]?.fire();
    await waitFor(() => fake.of('commit').length === 1, 2_000, 'the scheduled run');
    expect(fake.of('pull').map((c) => c.kind)).toEqual(['incremental']);
    // Re-armed for Tuesday 09:00 New York: 24 h later.
    expect(armed.at(-1)?.ms).toBe(24 * 3_600_000);
    expect(
      scheduler
        .nextRuns()
        .find((n) => n.kind === 'incremental')
        ?.at.toISOString(),
    ).toBe('2026-03-03T14:00:00.000Z');
  });

  it('fires on its cron schedule in the configured time zone', async () => {
    const fake = new FakePhases({ people: 1 });
    // Six fields: every second, so the test stays short.
    const schedule = { ...YEARLY, incremental: '* * * * * *', timezone: 'America/New_York' };
    scheduler = startEmbeddedScheduler({ phases: fake.forWorker('local'), schedule, logger: silent });
    const incremental = scheduler.nextRuns().find((n) => n.kind === 'incremental');
    expect((incremental?.at.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(1_000);
    await waitFor(() => fake.of('commit').length >= 2, 5_000, 'two scheduled runs');
    expect(fake.of('pull').every((c) => c.kind === 'incremental')).toBe(true);
  });

  it('runs one at a time and folds overlapping triggers into one follow-up', async () => {
    const hold = gate();
    let pulls = 0;
    const fake = new FakePhases({
      people: 2,
      beforePull: async () => {
        pulls += 1;
        if (pulls === 1) await hold.promise;
      },
    });
    scheduler = startEmbeddedScheduler({ phases: fake.forWorker('local'), schedule: YEARLY, logger: silent });
    const first = scheduler.trigger('incremental');
    await waitFor(() => fake.of('pull').length === 1, 2_000, 'first pull');
    const followUps = [
      scheduler.trigger('incremental'),
      scheduler.trigger('incremental'),
      scheduler.trigger('incremental'),
    ];
    hold.open();
    const outcomes = await Promise.all([first, ...followUps]);
    expect(fake.of('pull')).toHaveLength(2);
    expect(fake.of('commit')).toHaveLength(2);
    const runIds = outcomes.map((o) => (o.status === 'committed' ? o.runId : ''));
    expect(new Set(runIds.slice(1)).size).toBe(1);
    expect(runIds[0]).not.toBe(runIds[1]);
    expect(fake.of('pull')[1]?.at).toBeGreaterThanOrEqual(fake.of('commit')[0]?.at ?? Infinity);
  });

  it('aborts on a config error without committing', async () => {
    const fake = new FakePhases({
      people: 3,
      onProcess: () => {
        throw new SyncError('auth', 'INVALID_GRANT', 'refresh token revoked');
      },
    });
    scheduler = startEmbeddedScheduler({
      phases: fake.forWorker('local'),
      schedule: YEARLY,
      logger: silent,
      retry: fast,
    });
    const outcome = await scheduler.trigger('incremental');
    expect(outcome.status).toBe('failed');
    expect(fake.of('process')).toHaveLength(1);
    expect(fake.of('commit')).toHaveLength(0);
  });

  it('retries a transient chunk failure, then commits with it counted', async () => {
    const fake = new FakePhases({
      people: 4,
      onProcess: (ids, attempt) => {
        if (ids.includes('p0000') && attempt < 2) throw new SyncError('transient', 'ETIMEDOUT', 'timeout');
        if (ids.includes('p0003')) throw new SyncError('transient', 'HTTP_502', 'bad gateway');
      },
    });
    scheduler = startEmbeddedScheduler({
      phases: fake.forWorker('local'),
      schedule: YEARLY,
      logger: silent,
      chunkSize: 3,
      retry: fast,
    });
    const outcome = await scheduler.trigger('incremental');
    expect(outcome).toMatchObject({ status: 'committed', chunks: 2, failedChunks: 1 });
    expect(fake.of('process')).toHaveLength(2 + 3);
    expect(fake.of('commit')[0]?.failedChunks).toBe(1);
  });

  it('skips a run while another process holds the state store lock', async () => {
    const store = openSqliteStore(':memory:');
    await store.acquireLock('sync-run', 'other-process', 60_000);
    const fake = new FakePhases();
    scheduler = startEmbeddedScheduler({
      phases: fake.forWorker('local'),
      schedule: YEARLY,
      logger: silent,
      locks: store,
    });
    expect(await scheduler.trigger('incremental')).toMatchObject({ status: 'skipped' });
    expect(fake.calls).toHaveLength(0);
    await store.releaseLock('sync-run', 'other-process');
    expect(await scheduler.trigger('incremental')).toMatchObject({ status: 'committed' });
    expect(await store.acquireLock('sync-run', 'after', 1_000)).toBe(true);
    await store.close();
  });
});
