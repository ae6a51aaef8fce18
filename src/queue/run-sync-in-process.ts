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
  /**
   * Hold back, across chunks, the people whose records would only fill a partial write call, and send
   * them once this many are held (the largest CRM's records per write call), then at the end.
   */
  holdBack?: number;
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
  const holdBack = options.holdBack;
  // One chunk (or a set of held-back people) with the worker's retry rules; undefined once exhausted:
  // its people stay dirty for the next run, the others are committed.
  const send = async (personIds: string[], deferPartial: boolean) => {
    let attempt = 1;
    let waits = 0;
    for (;;) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('run aborted');
      try {
        const outcome = await phases.processChunk({
          runId,
          personIds,
          ...(deferPartial ? { deferPartial } : {}),
        });
        result.written += outcome.written;
        result.failed += outcome.failed;
        return outcome;
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
        log.error({ err, people: personIds.length }, 'chunk failed after retries');
        result.failedChunks += 1;
        return undefined;
      }
    }
  };
  // Held-back people: still dirty, nothing of theirs persisted; the cursors move only after they are sent.
  let held = new Set<string>();
  let done = 0;
  for await (const personIds of phases.listDirtyChunks(options.chunkSize, limit)) {
    result.chunks += 1;
    // A held person listed again (marked dirty for a follow-up past the listing's position) goes with this chunk.
    for (const id of personIds) held.delete(id);
    const outcome = await send(personIds, holdBack !== undefined);
    for (const id of outcome?.deferred ?? []) held.add(id);
    if (holdBack !== undefined && held.size >= holdBack) {
      held = new Set((await send([...held], true))?.deferred);
      // What is still held would not fill a call with the next chunks' either: send it all.
      if (held.size >= holdBack) {
        await send([...held], false);
        held.clear();
      }
    }
    done += personIds.length;
    options.onProgress?.('process', done, pulled.dirty);
  }
  if (held.size > 0) await send([...held], false);
  await phases.commit({ runId, pendingCursors: pulled.pendingCursors, failedChunks: result.failedChunks });
  log.info({ ...result }, 'run committed');
  return result;
}
