/**
 * Opens the schema of a state file: a new file gets the current tables, a version-1 file is migrated in
 * place (one transaction: either the whole file moves to version 2 or nothing changes), any other version
 * is refused with a readable error. Version 2 (see sqlite-schema.ts) turned the document tables into rowid
 * tables and groups the audit log per written record; the data itself is carried over unchanged.
 */
import type { DatabaseSync } from 'node:sqlite';
import { LeadloopError } from '../lib/errors.ts';
import { SQLITE_DDL, SQLITE_SCHEMA_VERSION } from './sqlite-schema.ts';
import { text } from './sqlite-statements.ts';

/** Version-1 tables whose layout changed, and the indexes that must go with them (names are reused). */
const V1_TABLES = ['snapshots', 'activities', 'opportunities', 'person_states', 'audit'] as const;
const V1_INDEXES = ['activities_record', 'activities_occurred', 'audit_at', 'audit_person'] as const;

/** Copies rows from the renamed version-1 tables; an audit row becomes a record group of one item. */
const V1_COPY = `
INSERT INTO snapshots (crm, object, id, doc) SELECT crm, object, id, doc FROM snapshots_v1;
INSERT INTO activities (crm, source_id, record_id, occurred_at, doc)
  SELECT crm, source_id, record_id, occurred_at, doc FROM activities_v1;
INSERT INTO opportunities (id, doc) SELECT id, doc FROM opportunities_v1;
INSERT INTO person_states (person_id, state) SELECT person_id, state FROM person_states_v1;
INSERT INTO audit (seq, at, person_id, n, doc)
  SELECT seq, at, person_id, 1, json_object(
    'at', doc->>'at', 'runId', doc->>'runId', 'crm', doc->>'crm', 'object', doc->>'object',
    'recordId', doc->>'recordId',
    'items', json_array(json_array(doc->>'field', doc->'from', doc->'to', doc->>'reason')))
  FROM audit_v1 ORDER BY seq;
`;

function storedVersion(db: DatabaseSync): string | null {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get();
  return row === undefined ? null : text(row, 'value');
}

function migrateFromV1(db: DatabaseSync): void {
  for (const index of V1_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
  for (const table of V1_TABLES) db.exec(`ALTER TABLE ${table} RENAME TO ${table}_v1`);
  db.exec(SQLITE_DDL);
  db.exec(V1_COPY);
  for (const table of V1_TABLES) db.exec(`DROP TABLE ${table}_v1`);
}

function refuseUnknown(found: string | null): void {
  if (found === null || found === '1' || found === String(SQLITE_SCHEMA_VERSION)) return;
  throw new LeadloopError(
    'STATE_SCHEMA_MISMATCH',
    'state file has another schema version; rebuild it with sync --full',
    { found, expected: SQLITE_SCHEMA_VERSION },
  );
}

/** Creates or migrates the tables; throws `STATE_SCHEMA_MISMATCH` for a version this code cannot read. */
export function openSchema(db: DatabaseSync): void {
  const current = String(SQLITE_SCHEMA_VERSION);
  const found = storedVersion(db);
  if (found === current) {
    db.exec(SQLITE_DDL);
    return;
  }
  refuseUnknown(found);
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have created or migrated the file while this one waited for the write lock.
    const now = storedVersion(db);
    if (now !== current) refuseUnknown(now);
    if (now === '1') migrateFromV1(db);
    else db.exec(SQLITE_DDL);
    if (now !== current)
      db.prepare(
        `INSERT INTO meta (key, value) VALUES ('schema_version', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ).run(current);
    db.exec('COMMIT');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
