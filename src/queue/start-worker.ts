/**
 * `leadloop worker`: one BullMQ worker on the connection's queue, running every job type. Retry semantics
 * come from `classifyJobError` only; shutdown on SIGTERM lets the job in hand finish (or hands it back as
 * stalled if the process is killed). https://docs.bullmq.io/guide/workers/graceful-shutdown
 */
import {
  DelayedError,
  FlowProducer,
  Queue,
  RateLimitError,
  UnrecoverableError,
  WaitingChildrenError,
  Worker,
  type Job,
} from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_CHUNK_SIZE } from '../config/schema.ts';
import { LeadloopError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { redisEndpoint } from '../lib/redis-endpoint.ts';
import { createRedisStore } from '../state/redis/redis-store.ts';
import { assertNoEviction } from './check-eviction-policy.ts';
import { classifyJobError } from './classify-job-error.ts';
import { addSyncJob } from './enqueue-jobs.ts';
import { handleCommitJob } from './handle-commit-job.ts';
import { handleProcessJob } from './handle-process-job.ts';
import { handleRecordsJob } from './handle-records-job.ts';
import { handleSyncJob } from './handle-sync-job.ts';
import { DEFAULT_RETRY, queueNameFor } from './queue-settings.ts';
import { RUN_LOCK_TTL_MS } from './run-lease.ts';
import { JOB, TriggerJobData, type RunLocks, type SyncPhases } from './types.ts';
import type { WorkerContext, WorkerSettings } from './worker-context.ts';

export interface StartWorkerOptions {
  redisUrl: string;
  phases: SyncPhases;
  logger: Logger;
  /** Jobs this process runs at once (default 4). */
  concurrency?: number;
  connection?: string;
  queueName?: string;
  /** Run lock; default: the redis state store's lock under `leadloop:{<connection>}:`. */
  locks?: RunLocks;
  settings?: Partial<WorkerSettings>;
  /** Close gracefully on SIGTERM/SIGINT (the CLI turns this on; tests call `close()`). */
  handleSignals?: boolean;
  /** Cap on how often a job may start, so rate limits cannot loop forever (default 50). */
  maxStartedAttempts?: number;
  /**
   * Jobs per window across all workers. BullMQ honours `queue.rateLimit()` only when a limiter is set, so
   * the default is a generous one (1,000 jobs/s) that never binds on its own; CRM budgets live in connectors.
   */
  limiter?: { max: number; duration: number };
  /**
   * BullMQ's job lock and stalled-job check, both at once (default: BullMQ's 30 s each). A job whose worker
   * died is run by another worker once its lock expired and a check found it: between one and two of
   * these after the death. Shorter only for tests; a job stalling twice fails (`maxStalledCount` 1).
   * https://docs.bullmq.io/guide/jobs/stalled
   */
  jobLockMs?: number;
}

export interface RunningWorker {
  readonly worker: Worker;
  readonly queue: Queue;
  /** Takes no new job and waits for every job in hand, however long they take. */
  close(): Promise<void>;
  /**
   * `close()` within a grace period: the jobs still in hand at its end are left to BullMQ's stalled-job
   * check (another worker runs them once their locks expire), so an orchestrator's SIGKILL after its own
   * timeout finds nothing half-reported. The caller exits the process when `finished` is false.
   */
  shutdown(graceMs: number): Promise<ShutdownResult>;
}

export interface ShutdownResult {
  /** Every job in hand ended before the grace period did. */
  readonly finished: boolean;
  /** Ids of the jobs still running at the end of the grace period. */
  readonly handedBack: readonly string[];
}

/**
 * Default grace period of `leadloop worker`: under Kubernetes' default 30-s terminationGracePeriodSeconds
 * (and docker-compose.yml's 60-s stop_grace_period), so leadloop hands back before it is killed.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

const PASS_THROUGH = [DelayedError, WaitingChildrenError, RateLimitError, UnrecoverableError];

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const connection = options.connection ?? 'default';
  const queueName = options.queueName ?? queueNameFor(connection);
  const logger = options.logger.child({ queue: queueName });

  // Fail closed before any job is taken: eviction would silently drop queued work.
  const admin = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  admin.on('error', (err: Error) => logger.warn({ err }, 'redis (locks) connection error'));
  try {
    await admin.connect();
  } catch (err) {
    admin.disconnect();
    // Fail fast with one readable line (the CLI exits 1): a supervisor restarting us is the retry loop,
    // and an unreachable Redis at start is almost always configuration, not a blip.
    throw new LeadloopError(
      'QUEUE_REDIS_UNREACHABLE',
      `cannot connect to Redis for the job queue at ${redisEndpoint(options.redisUrl)}: ${err instanceof Error ? err.message : String(err)}`,
      { endpoint: redisEndpoint(options.redisUrl) },
      { cause: err },
    );
  }
  try {
    await assertNoEviction(admin);
  } catch (err) {
    admin.disconnect();
    throw err;
  }

  const producerConnection = { url: options.redisUrl, enableOfflineQueue: false };
  const queue = new Queue(queueName, { connection: producerConnection });
  const flow = new FlowProducer({ connection: producerConnection });
  queue.on('error', (err: Error) => logger.error({ err }, 'queue connection error'));
  flow.on('error', (err: Error) => logger.error({ err }, 'flow producer connection error'));

  const settings: WorkerSettings = {
    chunkSize: DEFAULT_CHUNK_SIZE,
    lockTtlMs: RUN_LOCK_TTL_MS,
    lockPollMs: 5_000,
    retry: DEFAULT_RETRY,
    ...options.settings,
  };
  const locks = options.locks ?? createRedisStore(admin, { keyPrefix: `leadloop:{${connection}}:` });
  const ctx: WorkerContext = { phases: options.phases, locks, queue, flow, logger, settings };

  const dispatch = async (job: Job, token: string | undefined, signal: AbortSignal): Promise<unknown> => {
    switch (job.name) {
      case JOB.sync:
        return handleSyncJob(ctx, job, token, signal);
      case JOB.process:
        return handleProcessJob(ctx, job);
      case JOB.commit:
        return handleCommitJob(ctx, job);
      case JOB.records:
        return handleRecordsJob(ctx, job, token);
      case JOB.trigger:
        return addSyncJob(queue, TriggerJobData.parse(job.data).kind, 'schedule', settings.retry);
      default:
        throw new UnrecoverableError(`unknown job type "${job.name}"`);
    }
  };

  // Job id -> job type, for the shutdown log: BullMQ keeps no public list of a worker's running jobs.
  const inHand = new Map<string, string>();
  const worker = new Worker(
    queueName,
    async (job, token, signal) => {
      const id = job.id ?? '?';
      inHand.set(id, job.name);
      try {
        return await dispatch(job, token, signal ?? new AbortController().signal);
      } catch (err) {
        if (PASS_THROUGH.some((type) => err instanceof type)) throw err;
        const decision = classifyJobError(err);
        logger.warn(
          { err, jobId: job.id, job: job.name, attempt: job.attemptsMade + 1, decision: decision.action },
          'job failed',
        );
        if (decision.action === 'fail') throw new UnrecoverableError(decision.reason);
        if (decision.action === 'rate-limit') {
          // Pauses the whole queue (all workers) and puts the job back without spending an attempt.
          await queue.rateLimit(decision.delayMs);
          throw new RateLimitError();
        }
        throw err;
      } finally {
        inHand.delete(id);
      }
    },
    {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
      concurrency: options.concurrency ?? 4,
      maxStartedAttempts: options.maxStartedAttempts ?? 50,
      limiter: options.limiter ?? { max: 1_000, duration: 1_000 },
      ...(options.jobLockMs !== undefined
        ? { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs }
        : {}),
      removeOnComplete: { count: 1_000, age: 24 * 3600 },
      removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
    },
  );
  worker.on('error', (err: Error) => logger.error({ err }, 'worker error'));
  // Emitted by the worker whose check found it: the job's own worker died or blocked its event loop.
  worker.on('stalled', (jobId: string) =>
    logger.warn({ jobId }, 'job stalled: its worker stopped renewing the lock; queued to run again'),
  );
  worker.on('failed', (job, err) =>
    logger.warn(
      { jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, reason: err.message },
      'job attempt failed',
    ),
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await worker.close();
      await Promise.all([queue.close(), flow.close()]);
      await admin.quit().catch(() => admin.disconnect());
      logger.info('worker closed');
    })();
    return closing;
  };
  const shutdown = async (graceMs: number): Promise<ShutdownResult> => {
    const jobs = [...inHand.keys()];
    logger.info(
      { jobsInHand: jobs.length, jobIds: jobs, graceMs },
      'shutting down: taking no new job, finishing the jobs in hand',
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, graceMs));
    });
    const ended = await Promise.race([close().then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (ended === 'closed') return { finished: true, handedBack: [] };
    const handedBack = [...inHand.keys()];
    logger.warn(
      { jobIds: handedBack, jobs: handedBack.map((id) => inHand.get(id)), graceMs },
      "grace period over: the jobs still in hand go to another worker once BullMQ's stalled-job check finds their locks expired",
    );
    return { finished: false, handedBack };
  };
  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down: finishing the job in hand');
      void close();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  await worker.waitUntilReady();
  return { worker, queue, close, shutdown };
}
