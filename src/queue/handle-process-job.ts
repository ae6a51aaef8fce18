/** A `process` job: one chunk of dirty people, linked, scored, staged, planned and written by the engine. */
import type { Job } from 'bullmq';
import { holdLease } from './run-lease.ts';
import { ProcessJobData } from './types.ts';
import type { WorkerContext } from './worker-context.ts';

export async function handleProcessJob(
  ctx: WorkerContext,
  job: Job,
): Promise<{ written: number; failed: number }> {
  const data = ProcessJobData.parse(job.data);
  const log = ctx.logger.child({ jobId: job.id, runId: data.runId });
  // Keep the run's lease alive while its chunks are worked on, wherever they run.
  const lease = holdLease(ctx.locks, data.runId, ctx.settings.lockTtlMs, log);
  log.debug({ people: data.personIds.length }, 'chunk started');
  try {
    const result = await ctx.phases.processChunk({ runId: data.runId, personIds: data.personIds });
    log.debug({ people: data.personIds.length, ...result }, 'chunk processed');
    return result;
  } finally {
    lease.stop();
  }
}
