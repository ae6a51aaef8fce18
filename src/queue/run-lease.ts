/**
 * The run lock of one connection, as a lease: one run at a time from pull to commit, wherever its phases
 * execute. The lease expires on its own if the process dies (no renewals), which is what lets another
 * worker or process take over a crashed run's connection.
 */
import type { Logger } from '../lib/logger.ts';
import { RUN_LOCK, type RunLocks } from './types.ts';

/** How long a lease lasts without renewal; holders renew it every third of that. */
export const RUN_LOCK_TTL_MS = 10 * 60_000;

export interface Lease {
  stop(): void;
}

/** Keeps a run's lock alive while this process works on it. */
export function holdLease(locks: RunLocks, runId: string, ttlMs: number, logger: Logger): Lease {
  let warned = false;
  const timer = setInterval(
    () => {
      locks.renewLock(RUN_LOCK, runId, ttlMs).then(
        (held) => {
          if (!held && !warned) {
            warned = true;
            logger.warn({ runId }, 'run lock no longer held; another run may take over the connection');
          }
        },
        (err: unknown) => logger.warn({ err, runId }, 'run lock renewal failed'),
      );
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export interface HeldRun {
  /** Stops renewing and gives the lock back. */
  release(): Promise<void>;
}

/** Takes the run lock for `runId` and keeps it renewed, or answers null when another run holds it. */
export async function acquireRunLease(
  locks: RunLocks,
  runId: string,
  logger: Logger,
  ttlMs = RUN_LOCK_TTL_MS,
): Promise<HeldRun | null> {
  if (!(await locks.acquireLock(RUN_LOCK, runId, ttlMs))) return null;
  const lease = holdLease(locks, runId, ttlMs, logger);
  return {
    release: async () => {
      lease.stop();
      await locks.releaseLock(RUN_LOCK, runId);
    },
  };
}
