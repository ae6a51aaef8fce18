/**
 * One sync run in this process (`sync --once`, dry runs, the demo, the admin API, the bench): the
 * connection's run lease, then the engine's phases (phases.ts) driven by the same in-process runner the
 * embedded scheduler uses, with the worker's retry rules. A dry run runs them over an overlay of the state
 * that is thrown away, and takes no lease because it writes nothing.
 */
import { LeadloopError } from '../lib/errors.ts';
import { DEFAULT_RETRY, type RetrySettings } from '../queue/queue-settings.ts';
import { acquireRunLease } from '../queue/run-lease.ts';
import { runSyncInProcess } from '../queue/run-sync-in-process.ts';
import { RUN_LOCK } from '../queue/types.ts';
import { createOverlayStore } from '../state/overlay/overlay-store.ts';
import type { RunSummary, StateStore } from '../state/types.ts';
import { CRMS, type SyncContext } from './context.ts';
import { createSyncPhases } from './phases.ts';
import type { PersonPlan } from './plan-person.ts';
import type { Prepared } from './prepare.ts';
import type { RunKind } from '../domain/run-kind.ts';
import type { CounterValues } from './run-counters.ts';
import { findRun } from './run-stats.ts';

export interface RunOptions {
  readonly kind: RunKind;
  readonly dryRun?: boolean;
  readonly since?: Date;
  /** People per chunk; `sync.chunkSize` from the config when not given. */
  readonly chunkSize?: number;
  readonly retry?: RetrySettings;
  /** The run lease's lifetime without renewal (default `RUN_LOCK_TTL_MS`). */
  readonly lockTtlMs?: number;
  readonly onPlan?: (plan: PersonPlan) => void;
  /** Stop processing after this many people (admin preview samples). */
  readonly limitPeople?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: 'pull' | 'process', done: number, total?: number) => void;
}

export interface RunReport {
  readonly runId: string;
  readonly kind: RunKind;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly counters: CounterValues;
  readonly provisioned: Prepared['provisioned'];
  readonly status: RunSummary['status'];
}

export function newRunId(now: Date): string {
  return `run_${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}_${crypto.randomUUID().slice(0, 8)}`;
}

const numbers = (stats: Readonly<Record<string, unknown>>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(stats)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

export async function runSync(ctx: SyncContext, options: RunOptions): Promise<RunReport> {
  const started = ctx.clock();
  const runId = newRunId(started);
  const dryRun = options.dryRun === true;
  const store: StateStore = dryRun ? createOverlayStore(ctx.store) : ctx.store;
  const logger = ctx.logger.child({ runId, kind: options.kind });
  const runCtx: SyncContext = { ...ctx, store, logger };
  const held = dryRun ? undefined : await acquireRunLease(ctx.store, runId, logger, options.lockTtlMs);
  if (held === null)
    throw new LeadloopError('RUN_IN_PROGRESS', 'another sync run holds the lock for this connection', {
      lock: RUN_LOCK,
    });
  try {
    const phases = createSyncPhases(runCtx, {
      dryRun,
      ...(options.onPlan ? { onPlan: options.onPlan } : {}),
      ...(options.since ? { since: options.since } : {}),
    });
    await runSyncInProcess({
      phases,
      kind: options.kind,
      runId,
      chunkSize: options.chunkSize ?? ctx.config.sync.chunkSize,
      retry: options.retry ?? DEFAULT_RETRY,
      signal: options.signal ?? new AbortController().signal,
      logger,
      ...(options.limitPeople !== undefined ? { maxPeople: options.limitPeople } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // People whose records would only fill a partial write call wait for other chunks' (a dry run
      // writes nothing, so nothing waits).
      ...(dryRun ? {} : { holdBack: Math.max(...CRMS.map((crm) => ctx.connectors[crm].batchSizes.write)) }),
    });
    // API calls and quota are in the summary already: each phase records its own (metered-phases.ts).
    const summary = await findRun(store, runId);
    const finished = ctx.clock();
    return {
      runId,
      kind: options.kind,
      dryRun,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      counters: numbers(summary?.stats ?? {}),
      provisioned: await phases.provisioned(runId),
      status: summary?.status ?? 'succeeded',
    };
  } finally {
    await held?.release();
    if (dryRun) await store.close();
  }
}
