/**
 * A `records` job: a targeted sync of named records (webhook, admin request). It does not take the run
 * lock: it touches few people and the engine's writes are idempotent diffs, so it may overlap a run.
 * Its deduplication key folds a burst into one job only while the job waits: BullMQ's simple mode keeps
 * the key until the job completes, so a change arriving while this job reads the CRM would be answered
 * with this job's id and never synced. Releasing the key at start gives that change its own job.
 * https://docs.bullmq.io/patterns/deduplication ("Until job is active")
 */
import type { Job } from 'bullmq';
import { safeId } from './queue-settings.ts';
import { RecordsJobData } from './types.ts';
import type { WorkerContext } from './worker-context.ts';

export async function handleRecordsJob(
  ctx: WorkerContext,
  job: Job,
): Promise<{ runId: string; records: number }> {
  const { refs } = RecordsJobData.parse(job.data);
  // Only ours is removed (BullMQ checks the key still points at this job); a retry finds it gone already.
  await job.removeDeduplicationKey();
  const runId = safeId(`records-${job.timestamp}-${job.id ?? 'x'}`);
  await ctx.phases.syncRecords({ runId, refs });
  return { runId, records: refs.length };
}
