/**
 * One sync run in this process, the same phases the BullMQ flow runs, in order: pull, every chunk,
 * commit. Retry semantics match the worker's (`classifyJobError`): config/auth abort the run before any
 * commit, rate limits wait without spending an attempt, other errors retry with backoff and jitter.
 */
import type { Logger } from '../lib/logger.ts';
import { classifyJobError } from './classify-job-error.ts';
import type { RetrySettings } from './queue-settings.ts';
import type { SyncKind, SyncPhases } from './types.ts';

export interface InProcessRunOptions {
  phases: SyncPhases;
  kind: SyncKind;
  runId: string;
  chunkSize: number;
  retry: RetrySettings;
  signal: AbortSignal;
  logger: Logger;
  /** Rate-limit waits per chunk before giving up on it (mirrors the worker's `maxStartedAttempts`). */
  maxRateLimitWaits?: number;
}

export interface InProcessRunResult {
  runId: string;
  kind: SyncKind;
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

export async function runSyncInProcess(options: InProcessRunOptions): Promise<InProcessRunResult> {
  const { phases, kind, runId, signal, retry } = options;
  const log = options.logger.child({ runId, kind });
  const pulled = await phases.pull({ runId, kind, signal });
  const chunks = await phases.listDirtyChunks(options.chunkSize);
  const result: InProcessRunResult = {
    runId,
    kind,
    dirty: pulled.dirty,
    chunks: chunks.length,
    failedChunks: 0,
    written: 0,
    failed: 0,
  };

  for (const personIds of chunks) {
    let attempt = 1;
    let waits = 0;
    for (;;) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('run aborted');
      try {
        const done = await phases.processChunk({ runId, personIds });
        result.written += done.written;
        result.failed += done.failed;
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
  }
  await phases.commit({ runId, pendingCursors: pulled.pendingCursors, failedChunks: result.failedChunks });
  log.info({ ...result }, 'run committed');
  return result;
}
