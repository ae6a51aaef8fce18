/**
 * `leadloop sync` without Redis: the three cron schedules fire in-process and runs execute one at a time
 * (a trigger during a run queues at most one follow-up per kind). With `locks` (the sqlite store), two
 * processes on one state file still never run at once: a run that finds the lock held is skipped.
 */
import { CronExpressionParser } from 'cron-parser';
import { DEFAULT_CHUNK_SIZE, type ScheduleConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import { scheduleDefinitions, type ScheduleDefinition } from './job-schedules.ts';
import { DEFAULT_RETRY, type RetrySettings } from './queue-settings.ts';
import { acquireRunLease, RUN_LOCK_TTL_MS } from './run-lease.ts';
import { runSyncInProcess, type InProcessRunResult } from './run-sync-in-process.ts';
import type { RunLocks, SyncPhases } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

export interface EmbeddedSchedulerOptions {
  phases: SyncPhases;
  schedule: ScheduleConfig;
  logger: Logger;
  /** People per chunk (`sync.chunkSize`). */
  chunkSize?: number;
  retry?: RetrySettings;
  locks?: RunLocks;
  lockTtlMs?: number;
  /** The time schedules are computed from (tests move it instead of waiting for the wall clock). */
  clock?: () => Date;
  /** How the next fire is awaited; `setTimeout` by default. */
  timers?: SchedulerTimers;
}

export interface SchedulerTimers {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: SchedulerTimers = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type EmbeddedRunOutcome =
  | ({ status: 'committed' } & InProcessRunResult)
  | { status: 'skipped'; kind: RunKind; reason: string }
  | { status: 'failed'; kind: RunKind; runId: string; error: unknown };

export interface EmbeddedScheduler {
  /** Queue a run of `kind` (folded into a pending one of the same kind); resolves when it has run. */
  trigger(kind: RunKind): Promise<EmbeddedRunOutcome>;
  nextRuns(): { kind: RunKind; at: Date }[];
  /** Stop the timers, abort the run in progress and wait for it to wind down. */
  stop(): Promise<void>;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function startEmbeddedScheduler(options: EmbeddedSchedulerOptions): EmbeddedScheduler {
  const defs = scheduleDefinitions(options.schedule);
  const logger = options.logger.child({ scheduler: 'embedded' });
  const waiting = new Map<RunKind, ((o: EmbeddedRunOutcome) => void)[]>();
  let current: Promise<void> | undefined;
  let abort = new AbortController();
  let timer: unknown;
  const clock = options.clock ?? ((): Date => new Date());
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let sequence = 0;

  const nextOf = (def: ScheduleDefinition, after: Date): Date =>
    CronExpressionParser.parse(def.pattern, { tz: def.tz, currentDate: after }).next().toDate();
  let next = defs.map((def) => ({ def, at: nextOf(def, clock()) }));

  const runOne = async (kind: RunKind): Promise<EmbeddedRunOutcome> => {
    sequence += 1;
    const runId = `${kind}-${clock().getTime()}-${sequence}`;
    const held = options.locks
      ? await acquireRunLease(options.locks, runId, logger, options.lockTtlMs ?? RUN_LOCK_TTL_MS)
      : undefined;
    if (held === null) {
      logger.warn({ kind }, 'another process holds the run lock; skipping this run');
      return { status: 'skipped', kind, reason: 'run lock held by another process' };
    }
    try {
      const result = await runSyncInProcess({
        phases: options.phases,
        kind,
        runId,
        chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
        retry: options.retry ?? DEFAULT_RETRY,
        signal: abort.signal,
        logger,
      });
      return { status: 'committed', ...result };
    } catch (error) {
      logger.error({ err: error, runId, kind }, 'run failed; cursors not advanced');
      return { status: 'failed', kind, runId, error };
    } finally {
      await held?.release();
    }
  };

  /** Drains queued kinds one run at a time, in trigger order. */
  const drain = async (): Promise<void> => {
    for (const [kind, resolvers] of waiting) {
      if (stopped) break;
      waiting.delete(kind);
      const outcome = await runOne(kind);
      for (const resolve of resolvers) resolve(outcome);
    }
    current = undefined;
    if (waiting.size > 0 && !stopped) current = drain();
  };

  const trigger = (kind: RunKind): Promise<EmbeddedRunOutcome> => {
    if (stopped) return Promise.resolve({ status: 'skipped', kind, reason: 'scheduler stopped' });
    const promise = new Promise<EmbeddedRunOutcome>((resolve) => {
      const list = waiting.get(kind) ?? [];
      list.push(resolve);
      waiting.set(kind, list);
    });
    current ??= drain();
    return promise;
  };

  const arm = (): void => {
    if (stopped) return;
    const earliest = Math.min(...next.map((n) => n.at.getTime()));
    timer = timers.set(fire, Math.min(MAX_TIMEOUT_MS, Math.max(0, earliest - clock().getTime())));
  };
  const fire = (): void => {
    const now = clock();
    next = next.map((n) => {
      if (n.at.getTime() > now.getTime()) return n;
      void trigger(n.def.kind);
      return { def: n.def, at: nextOf(n.def, now) };
    });
    arm();
  };
  arm();

  return {
    trigger,
    nextRuns: () => next.map((n) => ({ kind: n.def.kind, at: n.at })),
    stop: async () => {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      abort.abort(new Error('scheduler stopped'));
      await current;
      for (const [kind, resolvers] of waiting) {
        for (const resolve of resolvers) resolve({ status: 'skipped', kind, reason: 'scheduler stopped' });
      }
      waiting.clear();
      abort = new AbortController();
    },
  };
}
