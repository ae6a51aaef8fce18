/** What every job handler needs, built once by `startWorker`. */
import type { FlowProducer, Job, Queue } from 'bullmq';
import type { Logger } from '../lib/logger.ts';
import { classifyJobError } from './classify-job-error.ts';
import type { RetrySettings } from './queue-settings.ts';
import type { RunLocks, SyncPhases } from './types.ts';

export interface WorkerSettings {
  /** People per `process` job. */
  chunkSize: number;
  /** Run lock lease; renewed every third of it while any job of the run is in hand. */
  lockTtlMs: number;
  /** How long a `sync` job waits before looking again when another run holds the connection (a `records` job: at first). */
  lockPollMs: number;
  retry: RetrySettings;
}

export interface WorkerContext {
  phases: SyncPhases;
  locks: RunLocks;
  queue: Queue;
  flow: FlowProducer;
  logger: Logger;
  settings: WorkerSettings;
}

/** True when BullMQ will not run this job again after `err` (so the run's lock must be given back now). */
export function isFinalFailure(job: Job, err: unknown): boolean {
  const decision = classifyJobError(err);
  if (decision.action === 'fail') return true;
  if (decision.action === 'rate-limit') return false;
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
