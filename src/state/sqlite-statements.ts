/**
 * Every prepared statement of the sqlite store except the link table's, compiled once per connection.
 * Reads that list things are bounded by a LIMIT; orders are total (ties broken by key) so paging is stable.
 */
import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { LeadloopError } from '../lib/errors.ts';

/** A TEXT column of a row, or an error naming the column (a NULL here is a schema bug, not data). */
export function text(row: Record<string, SQLOutputValue>, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') {
    throw new LeadloopError('STATE_CORRUPT', `column ${column} is not text`, { column, type: typeof value });
  }
  return value;
}

/** A nullable TEXT column. */
export function textOrNull(row: Record<string, SQLOutputValue>, column: string): string | null {
  return row[column] === null ? null : text(row, column);
}

/** Keys per `json_each(?)` parameter: a chunk's reads are one statement each, and no string grows unbounded. */
const KEYS_PER_READ = 10_000;

/**
 * Reads rows for many keys with one statement per slice of 10,000 instead of one per key (a chunk reads
 * ~25,000 keys): the slice goes to SQL as one JSON array for `json_each(?)`, and each row names its key
 * by `json_each`'s index column, selected as `k`. Pass distinct keys: a repeated key repeats its rows.
 */
export function readByKeys<K>(
  keys: readonly K[],
  param: (key: K) => unknown,
  statement: StatementSync,
  each: (key: K, row: Record<string, SQLOutputValue>) => void,
): void {
  for (let base = 0; base < keys.length; base += KEYS_PER_READ) {
    const slice = keys.slice(base, base + KEYS_PER_READ);
    for (const row of statement.all(JSON.stringify(slice.map(param)))) {
      const index = row['k'];
      const key = typeof index === 'number' ? slice[index] : undefined;
      if (key === undefined)
        throw new LeadloopError('STATE_CORRUPT', 'batched read row without a valid key index', {
          index: String(index),
        });
      each(key, row);
    }
  }
}

export class SqliteStatements {
  readonly getCursor: StatementSync;
  readonly putCursor: StatementSync;
  readonly deleteCursor: StatementSync;
  readonly addToCounter: StatementSync;
  readonly markDirty: StatementSync;
  readonly listDirty: StatementSync;
  readonly clearDirty: StatementSync;
  readonly countDirty: StatementSync;
  readonly getSnapshots: StatementSync;
  readonly putSnapshot: StatementSync;
  readonly deleteSnapshot: StatementSync;
  readonly putActivity: StatementSync;
  readonly getActivities: StatementSync;
  readonly pruneActivities: StatementSync;
  readonly putOpportunity: StatementSync;
  readonly clearOpportunityContacts: StatementSync;
  readonly putOpportunityContact: StatementSync;
  readonly getOpportunitiesForContacts: StatementSync;
  readonly getPersonStates: StatementSync;
  readonly putPersonState: StatementSync;
  readonly putFailure: StatementSync;
  readonly clearFailure: StatementSync;
  readonly listFailures: StatementSync;
  readonly listFailuresByPermanence: StatementSync;
  readonly putRun: StatementSync;
  readonly listRuns: StatementSync;
  readonly acquireLock: StatementSync;
  readonly renewLock: StatementSync;
  readonly releaseLock: StatementSync;

  constructor(db: DatabaseSync) {
    this.getCursor = db.prepare('SELECT value FROM cursors WHERE key = ?');
    this.putCursor = db.prepare(
      'INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.deleteCursor = db.prepare('DELETE FROM cursors WHERE key = ?');
    // One statement: the read and the write cannot interleave with another connection's.
    this.addToCounter = db.prepare(
      `INSERT INTO cursors (key, value) VALUES (?1, CAST(CAST(?2 AS INTEGER) AS TEXT))
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + CAST(?2 AS INTEGER) AS TEXT)
       RETURNING CAST(value AS INTEGER) - CAST(?2 AS INTEGER) AS first`,
    );

    this.markDirty = db.prepare('INSERT OR IGNORE INTO dirty (person_id) VALUES (?)');
    this.listDirty = db.prepare('SELECT person_id FROM dirty WHERE person_id > ? ORDER BY person_id LIMIT ?');
    this.clearDirty = db.prepare('DELETE FROM dirty WHERE person_id = ?');
    this.countDirty = db.prepare('SELECT count(*) AS n FROM dirty');

    this.getSnapshots = db.prepare(
      `SELECT j.key AS k, s.doc FROM json_each(?) j
       JOIN snapshots s ON s.crm = j.value->>0 AND s.object = j.value->>1 AND s.id = j.value->>2`,
    );
    this.putSnapshot = db.prepare(
      `INSERT INTO snapshots (crm, object, id, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (crm, object, id) DO UPDATE SET doc = excluded.doc`,
    );
    this.deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE crm = ? AND object = ? AND id = ?');

    // First write wins: the ledger is keyed on the source CRM's own event id.
    this.putActivity = db.prepare(
      'INSERT OR IGNORE INTO activities (crm, source_id, record_id, occurred_at, doc) VALUES (?, ?, ?, ?, ?)',
    );
    this.getActivities = db.prepare(
      `SELECT j.key AS k, a.doc FROM json_each(?) j
       JOIN activities a ON a.crm = j.value->>0 AND a.record_id = j.value->>1
       ORDER BY j.key, a.occurred_at, a.source_id`,
    );
    this.pruneActivities = db.prepare('DELETE FROM activities WHERE occurred_at < ?');

    this.putOpportunity = db.prepare(
      'INSERT INTO opportunities (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    );
    this.clearOpportunityContacts = db.prepare('DELETE FROM opportunity_contacts WHERE opportunity_id = ?');
    this.putOpportunityContact = db.prepare(
      'INSERT OR IGNORE INTO opportunity_contacts (contact_id, opportunity_id) VALUES (?, ?)',
    );
    this.getOpportunitiesForContacts = db.prepare(
      `SELECT j.key AS k, o.id, o.doc FROM json_each(?) j
       JOIN opportunity_contacts c ON c.contact_id = j.value JOIN opportunities o ON o.id = c.opportunity_id`,
    );

    this.getPersonStates = db.prepare(
      'SELECT j.key AS k, p.state FROM json_each(?) j JOIN person_states p ON p.person_id = j.value',
    );
    this.putPersonState = db.prepare(
      `INSERT INTO person_states (person_id, state) VALUES (?, ?)
       ON CONFLICT (person_id) DO UPDATE SET state = excluded.state`,
    );

    this.putFailure = db.prepare(
      `INSERT INTO failures (crm, object, source, record_id, at, permanent, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (crm, object, source, record_id) DO UPDATE
       SET at = excluded.at, permanent = excluded.permanent, doc = excluded.doc`,
    );
    this.clearFailure = db.prepare(
      'DELETE FROM failures WHERE crm = ? AND object = ? AND source = ? AND record_id = ?',
    );
    this.listFailures = db.prepare(
      `SELECT crm, object, source, record_id, doc FROM failures
       ORDER BY at DESC, crm DESC, object DESC, source DESC, record_id DESC LIMIT ?`,
    );
    this.listFailuresByPermanence = db.prepare(
      `SELECT crm, object, source, record_id, doc FROM failures WHERE permanent = ?
       ORDER BY at DESC, crm DESC, object DESC, source DESC, record_id DESC LIMIT ?`,
    );

    this.putRun = db.prepare(
      `INSERT INTO runs (run_id, started_at, doc) VALUES (?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, doc = excluded.doc`,
    );
    this.listRuns = db.prepare('SELECT run_id, doc FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?');

    // Taken when free, expired, or already ours (re-acquire extends); `changes` says whether we hold it.
    this.acquireLock = db.prepare(
      `INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE locks.expires_at <= ? OR locks.owner = excluded.owner`,
    );
    this.renewLock = db.prepare(
      'UPDATE locks SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?',
    );
    this.releaseLock = db.prepare('DELETE FROM locks WHERE name = ? AND owner = ?');
  }
}
