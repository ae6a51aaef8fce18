/**
 * The `commit` job, parent of a run's `process` jobs: BullMQ starts it only once every chunk finished
 * (succeeded, or failed after its retries). It advances the cursors and gives the run lock back.
 */
import type { Job } from 'bullmq';
import { CommitJobData, RUN_LOCK } from './types.ts';
import { isFinalFailure, type WorkerContext } from './worker-context.ts';

export interface CommitJobResult {
  committed: boolean;
  failedChunks: number;
}

export async function handleCommitJob(ctx: WorkerContext, job: Job): Promise<CommitJobResult> {
  const data = CommitJobData.parse(job.data);
  const log = ctx.logger.child({ jobId: job.id, runId: data.runId });
  const failedChunks = Object.keys(await job.getIgnoredChildrenFailures()).length;

  // Re-acquiring our own lease extends it; failing means it expired and another run took the connection,
  // whose own commit will cover this data (our chunks' people stay dirty until processed).
  if (!(await ctx.locks.acquireLock(RUN_LOCK, data.runId, ctx.settings.lockTtlMs))) {
    log.warn('run lock was taken over by another run; cursors not advanced by this run');
    return { committed: false, failedChunks };
  }
  try {
    await ctx.phases.commit({ runId: data.runId, pendingCursors: data.pendingCursors, failedChunks });
  } catch (err) {
    if (isFinalFailure(job, err)) await ctx.locks.releaseLock(RUN_LOCK, data.runId);
    throw err;
  }
  await ctx.locks.releaseLock(RUN_LOCK, data.runId);
  log.info({ chunks: data.chunks, failedChunks }, 'run committed');
  return { committed: true, failedChunks };
}
