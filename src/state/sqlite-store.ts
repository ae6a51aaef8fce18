/**
 * The embedded `StateStore` on Node's built-in `node:sqlite` (zero dependencies): one file in WAL mode, or
 * `:memory:`. Batch methods run in one `BEGIN IMMEDIATE` transaction over prepared statements, which is
 * what makes 100k-row batches take well under a second (see test/bench/state-store.bench.ts).
 * https://nodejs.org/api/sqlite.html
 */
import { DatabaseSync } from 'node:sqlite';
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import type { Logger } from '../lib/logger.ts';
import { SqliteAuditLog } from './sqlite-audit.ts';
import { SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { SqliteLinkTable } from './sqlite-link-table.ts';
import { createPrivateFile, restrictFiles } from './private-files.ts';
import { openSchema } from './sqlite-migrate.ts';
import { SQLITE_DATA_TABLES } from './sqlite-schema.ts';
import { decode, epochMs, sortOpportunities } from './state-codec.ts';
import { storedFailure, storedRun } from './stored-text.ts';
import { readByKeys, SqliteStatements, text } from './sqlite-statements.ts';
import {
  type AuditEntry,
  type RecordSnapshot,
  type RunSummary,
  type StateStore,
  type FailureRef,
  type WriteFailureEntry,
} from './types.ts';
import { refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';

export interface SqliteStoreOptions {
  /** Milliseconds a writer waits for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Where a failed background checkpoint is reported (the writer's own checkpoint still runs). */
  logger?: Logger;
}

export class SqliteStateStore implements StateStore {
  readonly kind = 'sqlite' as const;
  readonly #db: DatabaseSync;
  readonly #sql: SqliteStatements;
  readonly #links: SqliteLinkTable;
  readonly #audit: SqliteAuditLog;
  readonly #checkpointer: SqliteCheckpointer | undefined;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    const onDisk = path !== ':memory:';
    if (onDisk) createPrivateFile(path);
    this.#db = new DatabaseSync(path);
    const busyTimeout = Math.trunc(options.busyTimeoutMs ?? 5000);
    this.#db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
    if (onDisk) {
      this.#db.exec('PRAGMA journal_mode = WAL');
      // sqlite gives new companions the database's mode; ones left by an older version may be wider.
      restrictFiles([`${path}-wal`, `${path}-shm`]);
    }
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    this.#db.exec('PRAGMA synchronous = NORMAL');
    // A 64 MB page cache keeps the link indexes of a million people hot; the default 2 MB thrashes.
    this.#db.exec('PRAGMA cache_size = -65536');
    this.#db.exec('PRAGMA temp_store = MEMORY');
    // Checkpoints (WAL pages copied into the file, both fsynced) run on a worker thread, off the writer's
    // path (sqlite-checkpointer.ts). The writer's automatic checkpoint stays as a backstop at 10,000 pages
    // (40 MB), and the WAL file is cut back to 64 MB after a checkpoint empties it.
    // https://www.sqlite.org/wal.html#automatic_checkpoint
    this.#db.exec('PRAGMA wal_autocheckpoint = 10000');
    this.#db.exec('PRAGMA journal_size_limit = 67108864');
    openSchema(this.#db);
    this.#sql = new SqliteStatements(this.#db);
    this.#links = new SqliteLinkTable(this.#db);
    this.#audit = new SqliteAuditLog(this.#db);
    this.#checkpointer =
      path === ':memory:'
        ? undefined
        : new SqliteCheckpointer(path, {
            busyTimeoutMs: busyTimeout,
            onError: (message) =>
              options.logger?.warn(
                { path, error: message },
                'background checkpoint failed; the writer checkpoints',
              ),
          });
  }

  /** Runs `fn` in one write transaction; rolls back and rethrows on error. */
  #tx<T>(fn: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.#db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  async getCursor(key: string): Promise<string | null> {
    const row = this.#sql.getCursor.get(key);
    return row === undefined ? null : text(row, 'value');
  }

  async reserveCounter(key: string, count: number): Promise<number> {
    const row = this.#sql.addToCounter.get(key, count) as { first: number } | undefined;
    return Number(row?.first ?? 0);
  }

  async setCursor(key: string, value: string | null): Promise<void> {
    if (value === null) this.#sql.deleteCursor.run(key);
    else this.#sql.putCursor.run(key, value);
  }

  async getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    return this.#links.byRefs(refs);
  }

  async getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    return this.#links.byEmails(emails);
  }

  async getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    return this.#links.byPersonIds(personIds);
  }

  async putLinks(links: readonly PersonLink[]): Promise<void> {
    if (links.length > 0) this.#tx(() => this.#links.put(links));
  }

  async deleteLinks(personIds: readonly string[]): Promise<void> {
    if (personIds.length > 0) this.#tx(() => this.#links.delete(personIds));
  }

  async *iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    let after = '';
    for (;;) {
      const batch = this.#links.page(after, batchSize);
      if (batch.length === 0) return;
      yield batch;
      const last = batch[batch.length - 1];
      if (last === undefined || batch.length < batchSize) return;
      after = last.personId;
    }
  }

  async countLinks(): Promise<number> {
    return this.#links.count();
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    if (personIds.length > 0) this.#tx(() => personIds.forEach((id) => this.#sql.markDirty.run(id)));
  }

  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    if (limit <= 0) return [];
    return this.#sql.listDirty.all(afterPersonId ?? '', limit).map((row) => text(row, 'person_id'));
  }

  async clearDirty(personIds: readonly string[]): Promise<void> {
    if (personIds.length > 0) this.#tx(() => personIds.forEach((id) => this.#sql.clearDirty.run(id)));
  }

  async countDirty(): Promise<number> {
    return Number(this.#sql.countDirty.get()?.['n'] ?? 0);
  }

  async getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>> {
    const out = new Map<string, RecordSnapshot>();
    const distinct = new Map(refs.map((r) => [refKey(r), r]));
    readByKeys(
      [...distinct],
      ([, r]) => [r.crm, r.object, r.id],
      this.#sql.getSnapshots,
      ([key], row) => out.set(key, decode.snapshot(key, text(row, 'doc'))),
    );
    return out;
  }

  async putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    this.#tx(() => {
      for (const s of snapshots) this.#sql.putSnapshot.run(s.crm, s.object, s.id, JSON.stringify(s));
    });
  }

  async deleteSnapshots(refs: readonly RecordRef[]): Promise<void> {
    if (refs.length > 0)
      this.#tx(() => refs.forEach((r) => this.#sql.deleteSnapshot.run(r.crm, r.object, r.id)));
  }

  async putActivities(activities: readonly Activity[]): Promise<number> {
    if (activities.length === 0) return 0;
    return this.#tx(() => {
      let added = 0;
      for (const a of activities) {
        const res = this.#sql.putActivity.run(
          a.crm,
          a.sourceId,
          a.recordId,
          epochMs(a.occurredAt),
          JSON.stringify(a),
        );
        added += Number(res.changes);
      }
      return added;
    });
  }

  async getActivities(
    records: readonly { crm: CrmName; recordId: string }[],
  ): Promise<Map<string, Activity[]>> {
    const out = new Map<string, Activity[]>();
    const distinct = new Map(records.map((r) => [`${r.crm}:${r.recordId}`, r]));
    readByKeys(
      [...distinct],
      ([, r]) => [r.crm, r.recordId],
      this.#sql.getActivities,
      ([key], row) => {
        const activity = decode.activity(key, text(row, 'doc'));
        const list = out.get(key);
        if (list) list.push(activity);
        else out.set(key, [activity]);
      },
    );
    return out;
  }

  async pruneActivities(before: Date): Promise<number> {
    return Number(this.#sql.pruneActivities.run(before.getTime()).changes);
  }

  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    if (opportunities.length === 0) return;
    this.#tx(() => {
      for (const o of opportunities) {
        this.#sql.putOpportunity.run(o.id, JSON.stringify(o));
        this.#sql.clearOpportunityContacts.run(o.id);
        for (const c of new Set(o.contactIds)) this.#sql.putOpportunityContact.run(c, o.id);
      }
    });
  }

  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const out = new Map<string, Opportunity[]>();
    readByKeys(
      [...new Set(contactIds)],
      (id) => id,
      this.#sql.getOpportunitiesForContacts,
      (id, row) => {
        const opportunity = decode.opportunity(text(row, 'id'), text(row, 'doc'));
        const list = out.get(id);
        if (list) list.push(opportunity);
        else out.set(id, [opportunity]);
      },
    );
    for (const list of out.values()) sortOpportunities(list);
    return out;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    readByKeys(
      [...new Set(personIds)],
      (id) => id,
      this.#sql.getPersonStates,
      (id, row) => out.set(id, decode.state(id, text(row, 'state'))),
    );
    return out;
  }

  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    if (states.length === 0) return;
    this.#tx(() => states.forEach((s) => this.#sql.putPersonState.run(s.personId, JSON.stringify(s.state))));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length > 0) this.#tx(() => this.#audit.append(entries));
  }

  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    if (options.limit <= 0) return [];
    return this.#audit.list(options);
  }

  async pruneAudit(before: Date): Promise<number> {
    return this.#tx(() => this.#audit.prune(before));
  }

  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    if (failures.length === 0) return;
    this.#tx(() => {
      for (const f of failures.map(storedFailure)) {
        this.#sql.putFailure.run(
          f.crm,
          f.object,
          f.source,
          f.recordId,
          epochMs(f.at),
          f.permanent ? 1 : 0,
          JSON.stringify(f),
        );
      }
    });
  }

  async clearFailures(refs: readonly FailureRef[]): Promise<void> {
    if (refs.length > 0)
      this.#tx(() => refs.forEach((r) => this.#sql.clearFailure.run(r.crm, r.object, r.source, r.recordId)));
  }

  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    if (options.limit <= 0) return [];
    const rows =
      options.permanent === undefined
        ? this.#sql.listFailures.all(options.limit)
        : this.#sql.listFailuresByPermanence.all(options.permanent ? 1 : 0, options.limit);
    return rows.map((row) =>
      decode.failure(
        `${text(row, 'crm')}:${text(row, 'object')}:${text(row, 'source')}:${text(row, 'record_id')}`,
        text(row, 'doc'),
      ),
    );
  }

  async putRun(run: RunSummary): Promise<void> {
    this.#sql.putRun.run(run.runId, epochMs(run.startedAt), JSON.stringify(storedRun(run)));
  }

  async listRuns(limit: number): Promise<RunSummary[]> {
    if (limit <= 0) return [];
    return this.#sql.listRuns.all(limit).map((row) => decode.run(text(row, 'run_id'), text(row, 'doc')));
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return Number(this.#sql.acquireLock.run(name, owner, now + ttlMs, now).changes) === 1;
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    return Number(this.#sql.renewLock.run(now + ttlMs, name, owner, now).changes) === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    this.#sql.releaseLock.run(name, owner);
  }

  async clear(): Promise<void> {
    this.#tx(() => SQLITE_DATA_TABLES.forEach((table) => this.#db.exec(`DELETE FROM ${table}`)));
  }

  async close(): Promise<void> {
    await this.#checkpointer?.stop();
    if (this.#db.isOpen) this.#db.close();
  }
}
