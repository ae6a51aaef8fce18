/**
 * What leadloop remembers between runs. The CRMs stay the systems of record; everything here can be
 * rebuilt by `sync --full`. One interface, two implementations (sqlite embedded, redis for BullMQ),
 * one contract test suite. Methods are batch-shaped because the engine works a page at a time.
 */
import { z } from 'zod';
import type { Activity, ActivityPeople, RemovedActivity } from '../domain/activity.ts';
import { CrmName, IsoTime, PersonObject } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { FieldValue } from '../domain/person.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';

/** The last-synced values of a record: the base for two-way rules and for scoring a person when only one side changed. */
export const RecordSnapshot = z.strictObject({
  crm: CrmName,
  object: PersonObject,
  id: z.string().min(1),
  fields: z.record(z.string(), FieldValue),
  modifiedAt: IsoTime,
  syncedAt: IsoTime,
});
export type RecordSnapshot = z.infer<typeof RecordSnapshot>;

export const AuditEntry = z.strictObject({
  at: IsoTime,
  runId: z.string(),
  personId: z.string().nullable(),
  crm: CrmName,
  object: PersonObject,
  recordId: z.string(),
  field: z.string(),
  from: FieldValue,
  to: FieldValue,
  reason: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * What failed for a record: a `write` to it; a `create` from it, where `crm`/`object` name the record to be
 * created and `recordId` the record in the other CRM it was to be created from (it has no id of its own
 * yet); its `pull`, when the connector rejected the record it read; or a `mapping`, when a value mapped to
 * it could not be converted and was not sent.
 */
export const FailureSource = z.enum(['write', 'create', 'pull', 'mapping']);
export type FailureSource = z.infer<typeof FailureSource>;

/** A person record, or a company / account that account scoring writes (src/accounts). */
export const FailureObject = z.enum([...PersonObject.options, 'company']);
export type FailureObject = z.infer<typeof FailureObject>;

/** The key of one failure entry: a record can have a write, a create and a pull failure at once. */
export const FailureRef = z.strictObject({
  crm: CrmName,
  object: FailureObject,
  source: FailureSource,
  recordId: z.string().min(1),
});
export type FailureRef = z.infer<typeof FailureRef>;

export const WriteFailureEntry = z.strictObject({
  at: IsoTime,
  runId: z.string(),
  crm: CrmName,
  object: FailureObject,
  source: FailureSource,
  recordId: z.string().min(1),
  code: z.string(),
  message: z.string(),
  fields: z.array(z.string()),
  /** Permanent failures are recorded and skipped; retryable ones are retried next run. */
  permanent: z.boolean(),
});
export type WriteFailureEntry = z.infer<typeof WriteFailureEntry>;

export const RunSummary = z.strictObject({
  runId: z.string(),
  kind: z.string(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'partial']),
  /** Counters and figures the run reports (pulled, linked, writes, calls, ...). */
  stats: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/**
 * The store by concern: each port is what one part of the engine needs, so a module asks for the ports it
 * uses (`Pick` of the store, or an intersection of ports) and a test double implements only those. Every
 * backend implements them all; each port has its own block of the contract suite, run over every backend.
 */

/** Stream cursors and leadloop's own facts beside them (src/state/meta.ts gives those their types). */
export interface CursorPort {
  getCursor(key: string): Promise<string | null>;
  setCursor(key: string, value: string | null): Promise<void>;
  /**
   * Atomically advances the counter `key` by `count` and returns its value before (the first of the
   * `count` numbers reserved). Chunk jobs running side by side each get their own block.
   */
  reserveCounter(key: string, count: number): Promise<number>;
}

export interface LinkPort {
  /** Links by any of their record ids; the map is keyed by `refKey(ref)`. */
  getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>>;
  /**
   * Links by normalised email; one email may have several people (duplicates are reported, not merged).
   * Each list is ordered by personId; emails with no link are absent from the map.
   */
  getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>>;
  getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>>;
  /**
   * Insert or replace, keeping every record-id and email index consistent with the new value. A record id
   * belongs to one person: claiming an id another person holds clears it (sets null) on that person.
   */
  putLinks(links: readonly PersonLink[]): Promise<void>;
  deleteLinks(personIds: readonly string[]): Promise<void>;
  /** All links, in batches: for full rescores and reports. */
  iterateLinks(batchSize: number): AsyncIterable<PersonLink[]>;
  countLinks(): Promise<number>;
}

/**
 * People whose inputs changed and who must be re-scored and planned. Durable, so a crash between pull
 * and write loses nothing: the next run processes what is still dirty.
 */
export interface DirtyPort {
  markDirty(personIds: readonly string[]): Promise<void>;
  /** Up to `limit` dirty person ids, in a stable order, starting after `afterPersonId`. */
  listDirty(limit: number, afterPersonId?: string): Promise<string[]>;
  clearDirty(personIds: readonly string[]): Promise<void>;
  countDirty(): Promise<number>;
}

export interface SnapshotPort {
  getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>>;
  putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void>;
  deleteSnapshots(refs: readonly RecordRef[]): Promise<void>;
}

/** The engagement ledger and the opportunities people hold roles on: what scoring and the report read. */
export interface LedgerPort {
  /** Engagement ledger, deduplicated on (crm, sourceId). Returns how many were new. */
  putActivities(activities: readonly Activity[]): Promise<number>;
  /** Activities per person record, keyed by `${crm}:${recordId}`, oldest first; records without any are absent. */
  getActivities(records: readonly { crm: CrmName; recordId: string }[]): Promise<Map<string, Activity[]>>;
  /** Drop ledger entries older than `before` (strictly; they no longer move any score). */
  pruneActivities(before: Date): Promise<number>;
  /**
   * Drops each listed activity's copies (sourceId `<activityId>:<recordId>`) whose record it no longer
   * lists; the activity's own entry (sourceId `<activityId>`) stays. Returns the entries dropped.
   */
  retainActivityCopies(people: readonly ActivityPeople[]): Promise<Activity[]>;
  /**
   * Drops each listed activity's own entry (sourceId `<activityId>`) and all its copies (sourceId
   * `<activityId>:<recordId>`). Returns the entries dropped.
   */
  removeActivities(activities: readonly RemovedActivity[]): Promise<Activity[]>;
  putOpportunities(opportunities: readonly Opportunity[]): Promise<void>;
  /** Opportunities on which each contact id holds a role, oldest `createdAt` first (then id). */
  getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>>;
}

/** Per-person engine state (stage, history, SLA, last score) as JSON the engine validates. */
export interface PersonStatePort {
  getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>>;
  putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void>;
}

export interface AuditPort {
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest `at` first; entries with the same `at` newest-appended first. `pruneAudit` drops `at < before`. */
  listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]>;
  pruneAudit(before: Date): Promise<number>;
}

export interface FailurePort {
  /** Replaces the failure recorded for each record; `clearFailures` removes them once a write succeeds. */
  putFailures(failures: readonly WriteFailureEntry[]): Promise<void>;
  clearFailures(refs: readonly FailureRef[]): Promise<void>;
  /** Newest `at` first. */
  listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]>;
}

export interface RunPort {
  /** Upsert by runId; `listRuns` returns the newest `startedAt` first. */
  putRun(run: RunSummary): Promise<void>;
  /**
   * Replaces a stored run, in one step; false, writing nothing, when the store holds no run with that id.
   * For late writes (a phase's counters): a state flushed or cleared meanwhile is not given the run back.
   */
  updateRun(run: RunSummary): Promise<boolean>;
  listRuns(limit: number): Promise<RunSummary[]>;
}

/**
 * A lease that expires if its holder dies: one sync per connection at a time. The owner re-acquiring
 * extends it; `renewLock` is false once it expired; `releaseLock` by a non-owner does nothing.
 */
export interface LeasePort {
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
  /** Who holds the lease now; null when it is free or expired. */
  lockOwner(name: string): Promise<string | null>;
  /** Hands the lease from `from` to `to` for `ttlMs`, only while `from` still holds it (compare-and-set). */
  takeOverLock(name: string, from: string, to: string, ttlMs: number): Promise<boolean>;
}

export interface StateStore
  extends
    CursorPort,
    LinkPort,
    DirtyPort,
    SnapshotPort,
    LedgerPort,
    PersonStatePort,
    AuditPort,
    FailurePort,
    RunPort,
    LeasePort {
  /** Which backend holds the state; an overlay reports its base's. */
  readonly kind: 'sqlite' | 'redis' | 'memory';
  /** Forget everything (used by `leadloop state reset` and tests). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
