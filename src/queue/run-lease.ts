/**
 * Keeps a run's lock alive while this process works on it. The lease expires on its own if the process
 * dies (no renewals), which is what lets another worker take over a crashed run's connection.
 */
import type { Logger } from '../lib/logger.ts';
import { RUN_LOCK, type RunLocks } from './types.ts';

export interface Lease {
  stop(): void;
}

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
