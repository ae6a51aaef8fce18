/**
 * `leadloop worker`: a BullMQ worker on Redis. Any number of them, on any number of machines, share the
 * sync runs (one run per connection at a time; chunks of people spread across workers). Schedules are
 * upserted as BullMQ job schedulers with fixed ids, so every worker may do it at start.
 */
import type { Command } from 'commander';
import { readTimings } from '../config/timing-env.ts';
import { ConfigError } from '../lib/errors.ts';
import { startWorker } from '../queue/start-worker.ts';
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
      '--chunk-size <n>',
      'people per process job (default: sync.chunkSize); smaller spreads a run over more workers',
    )
    .action(async (options: WorkerOptions) => {
      await withRuntime(options.config, async (runtime, config) => {
        const { jobLockMs } = readTimings(process.env);
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
        writeErr('leadloop worker: waiting for jobs; SIGTERM finishes the job in hand and exits\n');
        await new Promise<void>((resolve) => {
          const stop = (): void => void worker.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
    });
}
