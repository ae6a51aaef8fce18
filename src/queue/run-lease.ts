/**
 * The run lock of one connection, as a lease: one run at a time from pull to commit, wherever its phases
 * execute. The lease expires on its own if the process dies (no renewals), which is what lets another
 * worker or process take over a crashed run's connection.
 */
import { hostname } from 'node:os';
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

/**
 * An in-process run's lease names its process (`<runId>@<host>:<pid>`), so a restart on the same host can
 * tell that the holder was killed (SIGKILL, OOM, a power cut) instead of waiting out the lease.
 */
export const leaseOwner = (runId: string, host = hostname(), pid = process.pid): string =>
  `${runId}@${host}:${pid}`;

const OWNER = /^(.+)@([^@:]+):(\d+)$/;

/** Whether a process with this id exists here: `kill(pid, 0)` sends nothing and fails with ESRCH if none. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The holder of a lease, when it is a process of this host that no longer exists. Holders on other hosts
 * (Redis workers), BullMQ flows (their owner is the bare run id) and live processes are never judged dead:
 * a pid reused by another process only makes the caller wait for the lease to expire.
 */
export function deadHolder(
  owner: string,
  host = hostname(),
  exists: (pid: number) => boolean = processExists,
): { runId: string; pid: number } | null {
  const m = OWNER.exec(owner);
  if (!m || m[2] !== host) return null;
  const pid = Number(m[3]);
  if (pid === process.pid || exists(pid)) return null;
  return { runId: m[1] ?? owner, pid };
}

/**
 * Takes the run lock for `runId` and keeps it renewed, or answers null when another run holds it. A lease
 * left by a dead process of this host is taken over at once, with a warning naming the run it belonged to.
 */
export async function acquireRunLease(
  locks: RunLocks,
  runId: string,
  logger: Logger,
  ttlMs = RUN_LOCK_TTL_MS,
): Promise<HeldRun | null> {
  const owner = leaseOwner(runId);
  if (!(await locks.acquireLock(RUN_LOCK, owner, ttlMs))) {
    const holder = await locks.lockOwner(RUN_LOCK);
    const dead = holder === null ? null : deadHolder(holder);
    if (holder === null || dead === null || !(await locks.takeOverLock(RUN_LOCK, holder, owner, ttlMs)))
      return null;
    logger.warn(
      { runId, previousRunId: dead.runId, previousPid: dead.pid },
      'took over the run lease of a run whose process is gone; its work is redone from what it committed',
    );
  }
  const lease = holdLease(locks, owner, ttlMs, logger);
  return {
    release: async () => {
      lease.stop();
      await locks.releaseLock(RUN_LOCK, owner);
    },
  };
}
