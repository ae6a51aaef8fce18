/**
 * `leadloop worker`: a BullMQ worker on Redis. Any number of them, on any number of machines, share the
 * sync runs (one run per connection at a time; chunks of people spread across workers). Schedules are
 * upserted as BullMQ job schedulers with fixed ids, so every worker may do it at start.
 */
import type { Command } from 'commander';
import { readTimings } from '../config/timing-env.ts';
import { ConfigError } from '../lib/errors.ts';
import { DEFAULT_SHUTDOWN_GRACE_MS, startWorker, type ShutdownResult } from '../queue/start-worker.ts';
import { createSyncProducer } from '../queue/sync-producer.ts';
import { RunKind } from '../domain/run-kind.ts';
import { createSyncPhases } from '../sync/phases.ts';
import { writeErr } from './output.ts';
import { withRuntime } from './with-runtime.ts';

interface WorkerOptions {
  config?: string;
  redis?: string;
  concurrency: string;
  schedules: boolean;
  enqueue?: string;
  chunkSize?: string;
  grace: string;
}

/** `--grace` in seconds: a non-negative number, else a config error naming the option. */
export function graceSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new ConfigError([`worker: --grace must be a number of seconds ≥ 0, got "${value}"`]);
  return n;
}

export function redisUrlFrom(option: string | undefined, stateUrl: string | undefined): string {
  const url = option || process.env['REDIS_URL'] || stateUrl;
  if (!url)
    throw new ConfigError([
      'worker: no Redis to use: pass --redis URL, set REDIS_URL, or configure state: { type: redis, url }',
    ]);
  return url;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run a BullMQ worker on Redis (scale out: start as many as you like)')
    .option('--config <file>', 'the YAML config file')
    .option('--redis <url>', 'Redis URL (default: $REDIS_URL, else the redis state URL)')
    .option('--concurrency <n>', 'jobs this worker runs at once', '4')
    .option('--no-schedules', 'do not upsert the configured schedules')
    .option('--enqueue <kind>', 'enqueue one run (incremental | full | rescore) and keep working')
    .option(
      '--grace <seconds>',
      'on SIGTERM, how long the jobs in hand may take before the rest is handed to other workers',
      String(DEFAULT_SHUTDOWN_GRACE_MS / 1000),
    )
    .option(
      '--chunk-size <n>',
      'people per process job (default: sync.chunkSize); smaller spreads a run over more workers',
    )
    .action(async (options: WorkerOptions) => {
      await withRuntime(options.config, async (runtime, config) => {
        const { jobLockMs } = readTimings(process.env);
        const graceMs = graceSeconds(options.grace) * 1000;
        const redisUrl = redisUrlFrom(
          options.redis,
          config.state.type === 'redis' ? config.state.url : undefined,
        );
        if (config.state.type !== 'redis') {
          runtime.logger.warn(
            'state is sqlite: workers on other machines cannot share it; use state: { type: redis }',
          );
        }
        const worker = await startWorker({
          redisUrl,
          phases: createSyncPhases(runtime),
          logger: runtime.logger,
          locks: runtime.store,
          concurrency: Math.max(1, Number(options.concurrency) || 4),
          ...(jobLockMs !== undefined ? { jobLockMs } : {}),
          settings: {
            chunkSize: options.chunkSize
              ? Math.max(1, Number(options.chunkSize) || config.sync.chunkSize)
              : config.sync.chunkSize,
          },
        });
        const producer = createSyncProducer({ redisUrl, logger: runtime.logger });
        try {
          if (options.schedules) await producer.upsertSchedules(config.schedule);
          if (options.enqueue) await producer.enqueueSync(RunKind.parse(options.enqueue), 'cli');
        } finally {
          await producer.close();
        }
        writeErr(
          `leadloop worker: waiting for jobs; SIGTERM finishes the jobs in hand (at most ${graceMs / 1000} s) and exits\n`,
        );
        const result = await new Promise<ShutdownResult>((resolve) => {
          const stop = (): void => {
            // A second signal (Ctrl-C twice) stops waiting at once.
            const now = (): void => resolve({ finished: false, handedBack: [] });
            process.once('SIGINT', now);
            process.once('SIGTERM', now);
            void worker.shutdown(graceMs).then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        if (!result.finished) {
          // Jobs still running would keep the process alive; their locks lapse and another worker runs them.
          writeErr(
            `leadloop worker: exiting with ${result.handedBack.length} job(s) handed back to the queue\n`,
          );
          process.exit(0);
        }
      });
    });
}
