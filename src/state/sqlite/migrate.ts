/**
 * Opens the schema of a state file: a new file gets the current tables, an older file is migrated in
 * place, one version after the other in one transaction (either the whole file moves to the current
 * version or nothing changes), any other version is refused with a readable error. Version 2 (see
 * schema.ts) turned the document tables into rowid tables and groups the audit log per written
 * record; version 3 gives failures a source column where the kind used to be an id prefix (`create:`,
 * `pulled:`). The data itself is carried over.
 */
import type { DatabaseSync } from 'node:sqlite';
import { LeadloopError } from '../../lib/errors.ts';
import { SQLITE_DDL, SQLITE_FAILURES_DDL, SQLITE_SCHEMA_VERSION } from './schema.ts';
import { text } from './rows.ts';

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

/** Version-2 failures: the source is read from the id prefix and the prefix dropped, in column and doc. */
const V2_FAILURES = `
ALTER TABLE failures RENAME TO failures_v2;
DROP INDEX IF EXISTS failures_at;
${SQLITE_FAILURES_DDL}
INSERT INTO failures (crm, object, source, record_id, at, permanent, doc)
  SELECT crm, object, source, id, at, permanent, json_set(doc, '$.source', source, '$.recordId', id)
  FROM (SELECT crm, object, at, permanent, doc,
          CASE WHEN record_id LIKE 'create:%' THEN 'create'
               WHEN record_id LIKE 'pulled:%' THEN 'pull' ELSE 'write' END AS source,
          CASE WHEN record_id LIKE 'create:%' THEN substr(record_id, 8)
               WHEN record_id LIKE 'pulled:%' THEN substr(record_id, 8) ELSE record_id END AS id
        FROM failures_v2);
DROP TABLE failures_v2;
`;

function storedVersion(db: DatabaseSync): string | null {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get();
  return row === undefined ? null : text(row, 'value');
}

function migrateFromV1(db: DatabaseSync): void {
  for (const index of V1_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
  for (const table of V1_TABLES) db.exec(`ALTER TABLE ${table} RENAME TO ${table}_v1`);
  // The failures table keeps its version-1 layout here (unchanged in version 2); migrateFromV2 moves it.
  db.exec(SQLITE_DDL);
  db.exec(V1_COPY);
  for (const table of V1_TABLES) db.exec(`DROP TABLE ${table}_v1`);
}

function migrateFromV2(db: DatabaseSync): void {
  db.exec(V2_FAILURES);
  db.exec(SQLITE_DDL);
}

function refuseUnknown(found: string | null): void {
  if (found === null || found === '1' || found === '2' || found === String(SQLITE_SCHEMA_VERSION)) return;
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
    if (now === '1' || now === '2') migrateFromV2(db);
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
