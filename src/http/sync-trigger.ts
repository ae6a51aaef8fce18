/**
 * `POST /api/sync` behind a guard: at most one trigger per `minIntervalMs` (429 otherwise), and in the
 * embedded mode at most one run at a time in this process (a second request joins the running one). With
 * a queue, BullMQ's job id deduplicates across instances (one active sync per connection).
 */
import type { Logger } from '../lib/logger.ts';
import type { SyncRecordRef } from '../queue/types.ts';
import type { RunKind } from '../domain/run-kind.ts';

/** The producer side the server needs (`SyncProducer` satisfies it). */
export interface SyncEnqueue {
  enqueueSync(kind: RunKind, reason?: string): Promise<string>;
  enqueueRecords(refs: readonly SyncRecordRef[]): Promise<string>;
}

export type TriggerOutcome =
  | { readonly status: 'enqueued'; readonly jobId: string }
  | { readonly status: 'started' }
  | { readonly status: 'running' }
  | { readonly status: 'rate-limited'; readonly retryAfterMs: number };

export interface SyncTrigger {
  trigger(kind: RunKind): Promise<TriggerOutcome>;
  /** Resolves when no in-process run is in flight (graceful shutdown). */
  idle(): Promise<void>;
}

export function createSyncTrigger(options: {
  enqueue?: SyncEnqueue | undefined;
  run: (kind: RunKind) => Promise<unknown>;
  clock: () => Date;
  logger: Logger;
  minIntervalMs?: number;
}): SyncTrigger {
  const minInterval = options.minIntervalMs ?? 10_000;
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  return {
    async trigger(kind) {
      const now = options.clock().getTime();
      if (running) return { status: 'running' };
      if (now - last < minInterval) return { status: 'rate-limited', retryAfterMs: last + minInterval - now };
      last = now;
      if (options.enqueue)
        return { status: 'enqueued', jobId: await options.enqueue.enqueueSync(kind, 'admin') };
      running = options
        .run(kind)
        .then(
          () => undefined,
          (err: unknown) => options.logger.error({ err, kind }, 'sync run started from the admin API failed'),
        )
        .finally(() => {
          running = undefined;
        });
      return { status: 'started' };
    },
    idle: () => running ?? Promise.resolve(),
  };
}
