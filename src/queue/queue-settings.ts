/**
 * Names, ids and retry settings shared by producers and workers, so both sides agree on them.
 * https://docs.bullmq.io/guide/retrying-failing-jobs, https://docs.bullmq.io/guide/going-to-production
 */
import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { SyncRecordRef } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

/** One queue per connection, so one connection's rate limit or backlog never stalls another's. */
export const queueNameFor = (connection: string): string => `leadloop-${connection}`;

/** BullMQ rejects custom job ids containing ':' (they are key separators) or made only of digits. */
export const safeId = (raw: string): string => raw.replace(/[^A-Za-z0-9_.-]/g, '_');

/** Deduplication id of a sync of one kind: at most one waiting follow-up per kind and connection. */
export const syncDedupId = (kind: RunKind): string => `sync-${kind}`;

/** Records jobs are deduplicated on their (sorted) refs: a webhook burst for one record is one job. */
export function recordsDedupId(refs: readonly SyncRecordRef[]): string {
  const keys = refs.map((r) => `${r.crm}:${r.object}:${r.id}`).sort();
  return `records-${createHash('sha1').update(keys.join('\n')).digest('hex')}`;
}

export const processJobId = (runId: string, chunk: number): string => `${runId}-process-${chunk}`;
export const commitJobId = (runId: string): string => `${runId}-commit`;

export interface RetrySettings {
  attempts: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 5, backoffMs: 5_000 };

/**
 * Exponential backoff with 50 % jitter, so N workers retrying after one outage do not stampede together.
 * Completed jobs are kept briefly for status pages; failed ones longer, for inspection; both are bounded.
 */
export function jobOptions(retry: RetrySettings): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    removeOnComplete: { count: 1_000, age: 24 * 3600 },
    removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
  };
}
