/**
 * A `process` job: one range of the dirty set, its people linked, scored, staged, planned and written by
 * the engine. The ids are read from the state when the job runs, a chunk at a time: a retry finds only the
 * people still dirty, and anyone marked dirty in the range since the coordinator listed it is synced too.
 */
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
  log.debug({ range: data.range }, 'chunk started');
  try {
    const result = { people: 0, written: 0, failed: 0 };
    const chunks = ctx.phases.listDirtyChunks(ctx.settings.chunkSize, { range: data.range });
    for await (const personIds of chunks) {
      // No `deferPartial`: range jobs run side by side on several workers and the commit job waits only
      // for them, so a chunk writes all its people (its last, partial calls included) before it ends.
      const outcome = await ctx.phases.processChunk({ runId: data.runId, personIds });
      result.people += personIds.length;
      result.written += outcome.written;
      result.failed += outcome.failed;
    }
    log.debug({ range: data.range, ...result }, 'chunk processed');
    return { written: result.written, failed: result.failed };
  } finally {
    lease.stop();
  }
}
