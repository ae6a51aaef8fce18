/**
 * Webhooks without a queue (`leadloop serve` on the embedded state): the targeted sync runs in this
 * process, after HubSpot has its 200. Refs arriving within `settleMs` of each other, or while a targeted
 * run is in progress, fold into the next one. Each run takes the connection's run lease like any run; when
 * a scheduled run holds it, the people stay marked dirty (the webhook handler already did that, durably)
 * and that run or the next one syncs them.
 */
import type { Logger } from '../lib/logger.ts';
import { acquireRunLease } from '../queue/run-lease.ts';
import type { SyncRecordRef } from '../queue/types.ts';
import type { SyncContext } from '../sync/context.ts';
import { createSyncPhases } from '../sync/phases.ts';

export interface RecordsRunner {
  submit(refs: readonly SyncRecordRef[]): void;
  /** Resolves once nothing is waiting or running (tests, shutdown). */
  idle(): Promise<void>;
}

const keyOf = (r: SyncRecordRef): string => `${r.crm}:${r.object}:${r.id}`;

export function createRecordsRunner(
  runtime: SyncContext,
  logger: Logger,
  options: { settleMs?: number } = {},
): RecordsRunner {
  const settleMs = options.settleMs ?? 250;
  const waiting = new Map<string, SyncRecordRef>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let sequence = 0;

  const runBatch = async (): Promise<void> => {
    const refs = [...waiting.values()];
    waiting.clear();
    sequence += 1;
    const runId = `records-${runtime.clock().getTime()}-${sequence}`;
    const log = logger.child({ runId });
    const held = await acquireRunLease(runtime.store, runId, log);
    if (held === null) {
      log.info({ records: refs.length }, 'a run holds the connection; these people stay dirty for it');
      return;
    }
    try {
      await createSyncPhases(runtime).syncRecords({ runId, refs });
      log.info({ records: refs.length }, 'targeted sync done');
    } catch (err) {
      log.warn({ err, records: refs.length }, 'targeted sync failed; the people stay dirty for the next run');
    } finally {
      await held.release();
    }
  };

  const schedule = (): void => {
    if (timer !== undefined || running !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = runBatch()
        .catch((err: unknown) => logger.warn({ err }, 'targeted sync could not start; the people stay dirty'))
        .finally(() => {
          running = undefined;
          if (waiting.size > 0) schedule();
        });
    }, settleMs);
    timer.unref();
  };

  return {
    submit(refs) {
      for (const r of refs) waiting.set(keyOf(r), r);
      schedule();
    },
    async idle() {
      while (timer !== undefined || running !== undefined) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, settleMs));
      }
    },
  };
}
