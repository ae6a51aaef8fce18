/**
 * The producer side for webhooks, the admin API and `leadloop worker` boot: enqueue syncs and targeted
 * record syncs, upsert the schedules. Its connection fails fast (no offline queue), so an HTTP handler
 * answers 503 at once when Redis is down instead of hanging. https://docs.bullmq.io/guide/going-to-production
 */
import { Queue } from 'bullmq';
import type { ScheduleConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import { addRecordsJob, addSyncJob } from './enqueue-jobs.ts';
import { upsertSchedules, type ScheduleDefinition } from './job-schedules.ts';
import { DEFAULT_RETRY, queueNameFor, type RetrySettings } from './queue-settings.ts';
import type { SyncRecordRef } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

export interface SyncProducerOptions {
  redisUrl: string;
  /** Connection name; the queue is `leadloop-<connection>` unless `queueName` overrides it. */
  connection?: string;
  queueName?: string;
  retry?: RetrySettings;
  logger: Logger;
}

export interface SyncProducer {
  readonly queue: Queue;
  enqueueSync(kind: RunKind, reason?: string): Promise<string>;
  enqueueRecords(refs: readonly SyncRecordRef[]): Promise<string>;
  upsertSchedules(schedule: ScheduleConfig): Promise<ScheduleDefinition[]>;
  close(): Promise<void>;
}

export function createSyncProducer(options: SyncProducerOptions): SyncProducer {
  const retry = options.retry ?? DEFAULT_RETRY;
  const queue = new Queue(options.queueName ?? queueNameFor(options.connection ?? 'default'), {
    connection: { url: options.redisUrl, enableOfflineQueue: false },
  });
  queue.on('error', (err: Error) => options.logger.error({ err }, 'queue connection error'));
  return {
    queue,
    enqueueSync: (kind, reason = 'manual') => addSyncJob(queue, kind, reason, retry),
    enqueueRecords: (refs) => addRecordsJob(queue, refs, retry),
    upsertSchedules: (schedule) => upsertSchedules(queue, schedule),
    close: () => queue.close(),
  };
}
