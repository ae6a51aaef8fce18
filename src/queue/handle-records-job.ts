/**
 * A `records` job: a targeted run for named records (webhook, admin request). It holds the connection's
 * run lease like any run, so it never writes beside a sync's chunks: while a run holds the lease the job
 * waits, moved back to delayed without spending an attempt (as a `sync` job waits), and runs once that
 * run committed.
 * Its deduplication key folds a burst into one job while the job waits (for a worker or for the lease).
 * BullMQ's simple mode keeps the key until the job completes, so a change arriving while this job reads
 * the CRM would be answered with this job's id and never synced: the key is released once the job holds
 * the lease, which gives that change its own job. https://docs.bullmq.io/patterns/deduplication
 */
import { DelayedError, type Job } from 'bullmq';
import { safeId } from './queue-settings.ts';
import { acquireRunLease } from './run-lease.ts';
import { RecordsJobData, type RecordsRunResult } from './types.ts';
import type { WorkerContext } from './worker-context.ts';

/** Longest wait between two looks at the lease. */
const MAX_LEASE_WAIT_MS = 60_000;

/**
 * Every look at the lease starts the job again, and BullMQ fails a job started more than the worker's
 * `maxStartedAttempts` times (50): the wait doubles from `pollMs` up to a minute, so a records job can
 * wait out a run of about 45 minutes, not 50 polls.
 */
export function leaseWaitMs(pollMs: number, attemptsStarted: number): number {
  return Math.min(MAX_LEASE_WAIT_MS, pollMs * 2 ** Math.min(Math.max(attemptsStarted - 1, 0), 16));
}

export interface RecordsJobResult extends RecordsRunResult {
  runId: string;
  records: number;
}

export async function handleRecordsJob(
  ctx: WorkerContext,
  job: Job,
  token: string | undefined,
): Promise<RecordsJobResult> {
  const { refs } = RecordsJobData.parse(job.data);
  const runId = safeId(`records-${job.timestamp}-${job.id ?? 'x'}`);
  const log = ctx.logger.child({ jobId: job.id, runId, kind: 'records' });
  const lease = await acquireRunLease(ctx.locks, runId, log, ctx.settings.lockTtlMs);
  if (!lease) {
    log.debug({ records: refs.length }, 'a run holds the connection; the records job waits for it');
    await job.moveToDelayed(Date.now() + leaseWaitMs(ctx.settings.lockPollMs, job.attemptsStarted), token);
    throw new DelayedError();
  }
  try {
    // Only ours is removed (BullMQ checks the key still points at this job); a retry finds it gone already.
    await job.removeDeduplicationKey();
    const outcome = await ctx.phases.syncRecords({ runId, refs });
    log.info({ records: refs.length, ...outcome }, 'targeted run done');
    return { runId, records: refs.length, ...outcome };
  } finally {
    // An unreleased lease expires on its own (run-lease.ts); a failed release must not hide the outcome.
    await lease.release().catch((err: unknown) => log.warn({ err }, 'run lease release failed'));
  }
}
