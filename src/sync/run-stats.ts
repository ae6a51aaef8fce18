/**
 * The stored run summary, updated by each phase of a run. Under BullMQ the pull, the chunks and the
 * commit of one run execute in different processes, so no process sees the whole run's counters: each
 * phase adds its own to the stored summary. Chunks finish concurrently on several machines, so every
 * read-modify-write holds a short per-run lease (the state store's lock), and waiting for it is bounded:
 * figures are informative and must never fail a chunk.
 */
import type { RunSummary, StateStore } from '../state/types.ts';
import type { SyncContext } from './context.ts';
import type { CounterValues } from './run-counters.ts';

const LEASE_TTL_MS = 5_000;
const WAIT_MS = 10_000;
/** How far back `listRuns` is searched for the run (runs are listed newest first). */
const RECENT_RUNS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function findRun(store: StateStore, runId: string): Promise<RunSummary | undefined> {
  return (await store.listRuns(RECENT_RUNS)).find((r) => r.runId === runId);
}

/**
 * Writes what `update` makes of `existing`. A run that was read is only replaced, never re-created: the
 * state may have been flushed or cleared since it was read (the lease lives in the same store).
 */
async function save(
  store: StateStore,
  existing: RunSummary | undefined,
  update: (existing: RunSummary | undefined) => RunSummary | undefined,
): Promise<void> {
  const next = update(existing);
  if (!next) return;
  if (existing) await store.updateRun(next);
  else await store.putRun(next);
}

/**
 * Applies `update` to the stored summary of `runId` while holding the run's stats lease. When the lease
 * cannot be had in time it logs and returns false, leaving the summary as it was, unless `force` (the
 * commit: a run must never stay "running") writes it without the lease.
 */
export async function updateRunSummary(
  ctx: Pick<SyncContext, 'store' | 'logger'>,
  runId: string,
  update: (existing: RunSummary | undefined) => RunSummary | undefined,
  options: { force?: boolean } = {},
): Promise<boolean> {
  const lease = `run-stats:${runId}`;
  const owner = crypto.randomUUID();
  const deadline = Date.now() + WAIT_MS;
  while (!(await ctx.store.acquireLock(lease, owner, LEASE_TTL_MS))) {
    if (Date.now() > deadline) {
      ctx.logger.warn({ runId, force: options.force === true }, 'run summary busy for too long');
      if (!options.force) return false;
      await save(ctx.store, await findRun(ctx.store, runId), update);
      return true;
    }
    await sleep(5 + Math.random() * 20);
  }
  try {
    await save(ctx.store, await findRun(ctx.store, runId), update);
    return true;
  } finally {
    await ctx.store.releaseLock(lease, owner);
  }
}

/** Adds one phase's counters to the run's stored stats (numbers are summed, keys unioned). */
export function addCounters(
  ctx: Pick<SyncContext, 'store' | 'logger'>,
  runId: string,
  counters: CounterValues,
): Promise<boolean> {
  return updateRunSummary(ctx, runId, (existing) => {
    if (!existing) return undefined;
    const stats: Record<string, unknown> = { ...existing.stats };
    for (const [name, value] of Object.entries(counters)) {
      if (value === undefined) continue;
      const before = stats[name];
      stats[name] = (typeof before === 'number' ? before : 0) + value;
    }
    return { ...existing, stats };
  });
}
