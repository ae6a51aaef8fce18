/** Real Redis + unique queue per test, and workers that are always closed afterwards. */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { startWorker, type RunningWorker, type StartWorkerOptions } from '../../../src/queue/start-worker.ts';
import { createSyncProducer, type SyncProducer } from '../../../src/queue/sync-producer.ts';
import type { SyncPhases } from '../../../src/queue/types.ts';

export const silent = pino({ level: 'silent' });

export interface Harness {
  queueName: string;
  connection: string;
  producer: SyncProducer;
  worker(phases: SyncPhases, extra?: Partial<StartWorkerOptions>): Promise<RunningWorker>;
  close(): Promise<void>;
}

export function harness(redisUrl: string): Harness {
  const id = randomUUID();
  const queueName = `test-${id}`;
  const connection = `test-${id}`;
  const producer = createSyncProducer({
    redisUrl,
    queueName,
    logger: silent,
    retry: { attempts: 3, backoffMs: 100 },
  });
  const workers: RunningWorker[] = [];
  return {
    queueName,
    connection,
    producer,
    async worker(phases, extra = {}) {
      const running = await startWorker({
        redisUrl,
        phases,
        logger: silent,
        connection,
        queueName,
        concurrency: 2,
        ...extra,
        settings: {
          chunkSize: 3,
          lockTtlMs: 5_000,
          lockPollMs: 50,
          retry: { attempts: 3, backoffMs: 100 },
          ...extra.settings,
        },
      });
      workers.push(running);
      return running;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await producer.queue.obliterate({ force: true }).catch(() => undefined);
      await producer.close();
    },
  };
}
