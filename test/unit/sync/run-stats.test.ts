import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import type { RunSummary, StateStore } from '../../../src/state/types.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { addCounters, updateRunSummary } from '../../../src/sync/run-stats.ts';

const RUN: RunSummary = {
  runId: 'r1',
  kind: 'incremental',
  startedAt: '2026-03-01T00:00:00.000Z',
  finishedAt: null,
  status: 'running',
  stats: { recordsPulled: 2 },
  error: null,
};

const logger = createLogger({ level: 'silent' });

/** A store whose state is cleared right after the run is read: a FLUSHALL between read and write. */
function clearedAfterRead(store: StateStore): StateStore {
  const listRuns = store.listRuns.bind(store);
  store.listRuns = async (limit) => {
    const runs = await listRuns(limit);
    await store.clear();
    return runs;
  };
  return store;
}

describe('run summary updates', () => {
  it('adds counters to the stored run', async () => {
    const store = createMemoryStore();
    await store.putRun(RUN);
    expect(await addCounters({ store, logger }, 'r1', { recordsPulled: 3 })).toBe(true);
    expect((await store.listRuns(10))[0]?.stats).toEqual({ recordsPulled: 5 });
  });

  it('a counter write to a run that is gone re-creates nothing', async () => {
    const store = createMemoryStore();
    await addCounters({ store, logger }, 'r1', { recordsPulled: 1 });
    expect(await store.listRuns(10)).toEqual([]);
  });

  it('a counter write racing a flush of the state re-creates nothing', async () => {
    const store = createMemoryStore();
    await store.putRun(RUN);
    await addCounters({ store: clearedAfterRead(store), logger }, 'r1', { recordsPulled: 1 });
    expect(await store.listRuns(10)).toEqual([]);
  });

  it('a run the update creates (the commit of a run never recorded) is still written', async () => {
    const store = createMemoryStore();
    await updateRunSummary({ store, logger }, 'r1', (existing) => existing ?? RUN, { force: true });
    expect(await store.listRuns(10)).toEqual([RUN]);
  });
});
