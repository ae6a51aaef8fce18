/**
 * A `records` job: a targeted sync of named records (webhook, admin request). It does not take the run
 * lock: it touches few people and the engine's writes are idempotent diffs, so it may overlap a run.
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
  const runId = safeId(`records-${job.timestamp}-${job.id ?? 'x'}`);
  await ctx.phases.syncRecords({ runId, refs });
  return { runId, records: refs.length };
}
