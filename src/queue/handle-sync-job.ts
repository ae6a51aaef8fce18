/**
 * The `sync` coordinator: takes the connection's run lock, runs `pull`, then adds a flow whose parent
 * `commit` waits for one `process` child per dirty chunk, so any number of workers share the chunks and
 * cursors move only after all of them finished. https://docs.bullmq.io/guide/flows
 */
import { DelayedError, type Job } from 'bullmq';
import { commitJobId, jobOptions, processJobId, safeId } from './queue-settings.ts';
import { holdLease } from './run-lease.ts';
import {
  JOB,
  RUN_LOCK,
  SyncJobData,
  type CommitJobData,
  type DirtyRange,
  type ProcessJobData,
} from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';
import { isFinalFailure, type WorkerContext } from './worker-context.ts';

/** Stable across retries of one job, unique across jobs (the timestamp survives a Redis id counter reset). */
export const runIdOf = (job: Job, kind: RunKind): string =>
  safeId(`${kind}-${job.timestamp}-${job.id ?? 'x'}`);

export interface SyncJobResult {
  runId: string;
  dirty: number;
  chunks: number;
}

export async function handleSyncJob(
  ctx: WorkerContext,
  job: Job,
  token: string | undefined,
  signal: AbortSignal,
): Promise<SyncJobResult> {
  const { kind } = SyncJobData.parse(job.data);
  const runId = runIdOf(job, kind);
  const log = ctx.logger.child({ jobId: job.id, runId, kind });
  const { lockTtlMs, lockPollMs, chunkSize } = ctx.settings;

  if (!(await ctx.locks.acquireLock(RUN_LOCK, runId, lockTtlMs))) {
    // Another run holds the connection. Wait without spending an attempt; our deduplication key stays,
    // so further triggers fold into this job: one run active, exactly one follow-up waiting.
    log.debug('another run holds the connection; waiting for it');
    await job.moveToDelayed(Date.now() + lockPollMs, token);
    throw new DelayedError();
  }
  // From here this job is the active run: the next trigger becomes the (single) follow-up.
  await job.removeDeduplicationKey();

  const lease = holdLease(ctx.locks, runId, lockTtlMs, log);
  try {
    const pulled = await ctx.phases.pull({ runId, kind, signal });
    // The flow needs every chunk up front: one child job each, naming its slice of the dirty set by the
    // ids at its edges. Only the chunk being listed is held, so memory and job data stay the same size
    // whether a run has a thousand dirty people or ten million (200 ranges per million at 5,000).
    const chunks: DirtyRange[] = [];
    let after: string | null = null;
    for await (const ids of ctx.phases.listDirtyChunks(chunkSize)) {
      const through = ids.at(-1);
      if (through === undefined) continue;
      chunks.push({ after, through });
      after = through;
    }
    const options = jobOptions(ctx.settings.retry);
    const commit: CommitJobData = {
      runId,
      kind,
      pendingCursors: pulled.pendingCursors,
      chunks: chunks.length,
    };
    // Deterministic job ids: a retried coordinator re-adds the same jobs, which BullMQ ignores.
    await ctx.flow.add({
      name: JOB.commit,
      queueName: ctx.queue.name,
      data: commit,
      opts: { ...options, jobId: commitJobId(runId) },
      children: chunks.map((range, i) => {
        const data: ProcessJobData = { runId, range };
        // A chunk that exhausts its retries is recorded on the parent and the commit still runs.
        return {
          name: JOB.process,
          queueName: ctx.queue.name,
          data,
          opts: { ...options, jobId: processJobId(runId, i), ignoreDependencyOnFailure: true },
        };
      }),
    });
    log.info({ dirty: pulled.dirty, chunks: chunks.length }, 'pulled; chunks queued');
    return { runId, dirty: pulled.dirty, chunks: chunks.length };
  } catch (err) {
    if (isFinalFailure(job, err)) {
      await ctx.phases.fail({ runId, error: err });
      await ctx.locks.releaseLock(RUN_LOCK, runId);
    }
    throw err;
  } finally {
    lease.stop();
  }
}
