/**
 * One sync run in this process, the same phases the BullMQ flow runs, in order: pull, every chunk,
 * commit. Retry semantics match the worker's (`classifyJobError`): config/auth abort the run before any
 * commit, rate limits wait without spending an attempt, other errors retry with backoff and jitter.
 */
import type { Logger } from '../lib/logger.ts';
import { classifyJobError } from './classify-job-error.ts';
import type { RetrySettings } from './queue-settings.ts';
import type { SyncPhases } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

export interface InProcessRunOptions {
  phases: SyncPhases;
  kind: RunKind;
  runId: string;
  chunkSize: number;
  retry: RetrySettings;
  signal: AbortSignal;
  logger: Logger;
  /** Rate-limit waits per chunk before giving up on it (mirrors the worker's `maxStartedAttempts`). */
  maxRateLimitWaits?: number;
  /** Process at most this many people (admin preview samples); the rest stay dirty. */
  maxPeople?: number;
  onProgress?: (phase: 'pull' | 'process', done: number, total?: number) => void;
}

export interface InProcessRunResult {
  runId: string;
  kind: RunKind;
  dirty: number;
  chunks: number;
  failedChunks: number;
  written: number;
  failed: number;
}

const abortable = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Exponential backoff with 50 % jitter, as the worker's job options: delay·2^(n−1)·[0.5, 1]. */
export const backoffMs = (retry: RetrySettings, attempt: number): number =>
  Math.round(retry.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() * 0.5));

/** Runs the phases; a run that throws is recorded as failed (cursors unmoved) before the error goes on. */
export async function runSyncInProcess(options: InProcessRunOptions): Promise<InProcessRunResult> {
  try {
    return await runPhases(options);
  } catch (error) {
    await options.phases.fail({ runId: options.runId, error });
    throw error;
  }
}

async function runPhases(options: InProcessRunOptions): Promise<InProcessRunResult> {
  const { phases, kind, runId, signal, retry } = options;
  const log = options.logger.child({ runId, kind });
  const pulled = await phases.pull({ runId, kind, signal });
  options.onProgress?.('pull', pulled.pulled ?? pulled.dirty);
  const result: InProcessRunResult = {
    runId,
    kind,
    dirty: pulled.dirty,
    chunks: 0,
    failedChunks: 0,
    written: 0,
    failed: 0,
  };
  const limit = options.maxPeople === undefined ? {} : { maxPeople: options.maxPeople };
  let done = 0;
  for await (const personIds of phases.listDirtyChunks(options.chunkSize, limit)) {
    result.chunks += 1;
    let attempt = 1;
    let waits = 0;
    for (;;) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('run aborted');
      try {
        const outcome = await phases.processChunk({ runId, personIds });
        result.written += outcome.written;
        result.failed += outcome.failed;
        break;
      } catch (err) {
        const decision = classifyJobError(err);
        if (decision.action === 'fail') throw err;
        if (decision.action === 'rate-limit' && waits < (options.maxRateLimitWaits ?? 50)) {
          waits += 1;
          await abortable(decision.delayMs, signal);
          continue;
        }
        if (decision.action === 'retry' && attempt < retry.attempts) {
          log.warn({ err, attempt }, 'chunk failed; retrying');
          await abortable(backoffMs(retry, attempt), signal);
          attempt += 1;
          continue;
        }
        // Exhausted: its people stay dirty for the next run, the others are committed.
        log.error({ err, people: personIds.length }, 'chunk failed after retries');
        result.failedChunks += 1;
        break;
      }
    }
    done += personIds.length;
    options.onProgress?.('process', done, pulled.dirty);
  }
  await phases.commit({ runId, pendingCursors: pulled.pendingCursors, failedChunks: result.failedChunks });
  log.info({ ...result }, 'run committed');
  return result;
}
