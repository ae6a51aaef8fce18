/**
 * Adding `sync` and `records` jobs, shared by the producer (webhooks, admin API) and the scheduler's
 * `trigger` jobs. Both are deduplicated: https://docs.bullmq.io/guide/jobs/deduplication
 */
import type { Queue } from 'bullmq';
import { jobOptions, recordsDedupId, syncDedupId, type RetrySettings } from './queue-settings.ts';
import { JOB, RecordsJobData, type SyncJobData, type SyncRecordRef } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

/**
 * Simple-mode deduplication: while a sync of this kind waits (or waits for the lock), new triggers fold
 * into it. The coordinator drops the key once it holds the run lock, so a trigger during a run leaves
 * exactly one follow-up.
 */
export async function addSyncJob(
  queue: Queue,
  kind: RunKind,
  reason: string,
  retry: RetrySettings,
): Promise<string> {
  const data: SyncJobData = { kind, reason };
  const job = await queue.add(JOB.sync, data, {
    ...jobOptions(retry),
    deduplication: { id: syncDedupId(kind) },
  });
  return job.id ?? '';
}

/**
 * One job per distinct set of records while it waits; a webhook burst for the same record is one job. The
 * job drops its key when it starts (handle-records-job.ts), so a change during the sync gets a new job.
 */
export async function addRecordsJob(
  queue: Queue,
  refs: readonly SyncRecordRef[],
  retry: RetrySettings,
): Promise<string> {
  const data = RecordsJobData.parse({ refs });
  const job = await queue.add(JOB.records, data, {
    ...jobOptions(retry),
    deduplication: { id: recordsDedupId(data.refs) },
  });
  return job.id ?? '';
}
