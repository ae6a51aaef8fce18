/**
 * What the queue layer runs and what its jobs carry. The sync engine (src/sync/) implements `SyncPhases`;
 * the queue decides where and when each phase runs (BullMQ workers, or the embedded scheduler in-process).
 * Job data holds ids and cursors only, never tokens: BullMQ stores it in clear text.
 */
import { z } from 'zod';
import { CrmName, PersonObject } from '../domain/crm.ts';
import { RunKind } from '../domain/run-kind.ts';
import type { LeasePort } from '../state/types.ts';

export const SyncRecordRef = z.strictObject({ crm: CrmName, object: PersonObject, id: z.string().min(1) });
export type SyncRecordRef = z.infer<typeof SyncRecordRef>;

export interface SyncPhases {
  /** Pull every stream since its cursor into the state store, mark changed people dirty; returns the cursors to commit afterwards. */
  pull(input: {
    runId: string;
    kind: RunKind;
    signal: AbortSignal;
  }): Promise<{ pendingCursors: Record<string, string | null>; dirty: number; pulled?: number }>;
  /**
   * Ids of dirty people, chunk by chunk, to process (partition of the work); at most `maxPeople`, and only
   * those inside `range` when given. Each chunk is read from the store when asked for, so a caller that
   * processes one before asking for the next holds one chunk at a time.
   */
  listDirtyChunks(
    chunkSize: number,
    limit?: { maxPeople?: number; range?: DirtyRange },
  ): AsyncIterable<string[]>;
  /**
   * Link/score/stage/plan/write for these people; idempotent (re-running converges). With `deferPartial`
   * the people whose records would only fill a partial write call, and those who got a record created
   * (their follow-up pass), are left dirty and returned in `deferred` for the caller to send with
   * other chunks' in fuller calls.
   */
  processChunk(input: {
    runId: string;
    personIds: string[];
    deferPartial?: boolean;
  }): Promise<{ written: number; failed: number; deferred?: string[] }>;
  /**
   * Check label drift, advance cursors (only after every chunk finished) and record the run summary.
   * `failedChunks` counts chunks that exhausted their retries; their people are still dirty, so the next
   * run picks them up.
   */
  commit(input: {
    runId: string;
    pendingCursors: Record<string, string | null>;
    failedChunks: number;
  }): Promise<void>;
  /** Record that the run ended before its commit (cursors stay where they were), with the reason. */
  fail(input: { runId: string; error: unknown }): Promise<void>;
  /**
   * A targeted run for named records (webhooks, admin requests): re-read them by id, ingest them, and
   * process the people they belong to; no stream is pulled and no cursor moves. Callers hold the run lease.
   */
  syncRecords(input: { runId: string; refs: SyncRecordRef[] }): Promise<RecordsRunResult>;
}

export interface RecordsRunResult {
  /** People processed: those the records belong to, plus anyone newly linked through them. */
  people: number;
  written: number;
  failed: number;
}

/** The lease one run holds from pull to commit: the state store's lease port. */
export type RunLocks = LeasePort;

export const RUN_LOCK = 'sync-run';

/** Job payloads, parsed when a worker picks a job up (the queue is an edge like any other). */
export const SyncJobData = z.strictObject({ kind: RunKind, reason: z.string().default('manual') });
export type SyncJobData = z.infer<typeof SyncJobData>;

/**
 * A slice of the dirty set in person-id order (the order `listDirty` pages in): the ids after `after`
 * (from the first when null) up to and including `through`. A `process` job carries one instead of its
 * people's ids, so neither the coordinator nor Redis holds the whole dirty set, however many people it has.
 */
export const DirtyRange = z.strictObject({
  after: z.string().min(1).nullable(),
  through: z.string().min(1),
});
export type DirtyRange = z.infer<typeof DirtyRange>;

export const ProcessJobData = z.strictObject({
  runId: z.string().min(1),
  range: DirtyRange,
});
export type ProcessJobData = z.infer<typeof ProcessJobData>;

export const CommitJobData = z.strictObject({
  runId: z.string().min(1),
  kind: RunKind,
  pendingCursors: z.record(z.string(), z.string().nullable()),
  chunks: z.number().int().min(0),
});
export type CommitJobData = z.infer<typeof CommitJobData>;

export const RecordsJobData = z.strictObject({ refs: z.array(SyncRecordRef).min(1) });
export type RecordsJobData = z.infer<typeof RecordsJobData>;

export const TriggerJobData = z.strictObject({ kind: RunKind });
export type TriggerJobData = z.infer<typeof TriggerJobData>;

/** Job names on a connection's queue. `trigger` is what schedulers emit: it enqueues a deduplicated `sync`. */
export const JOB = {
  sync: 'sync',
  process: 'process',
  commit: 'commit',
  records: 'records',
  trigger: 'trigger',
} as const;
export type JobName = (typeof JOB)[keyof typeof JOB];
