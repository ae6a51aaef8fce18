/**
 * Tables of the embedded store. Field maps, person state and whole documents are JSON columns (parsed
 * back through the state codec); the columns beside them exist only to be indexed or keyed on.
 * `IF NOT EXISTS` everywhere: opening an existing file is the same statement list.
 *
 * Tables whose rows carry a document of hundreds of bytes (snapshots, activities, opportunities, person
 * states) are rowid tables with a unique index on their key, not `WITHOUT ROWID`: SQLite stores a
 * WITHOUT ROWID row inside its primary-key b-tree, which splits pages and rewrites far more of them per
 * insert once rows pass a few hundred bytes (https://www.sqlite.org/withoutrowid.html, section 4).
 * Measured on a 10k-person full sync: upserts 3x and point reads 2x faster as rowid tables.
 * The audit log stores one row per written record (its fields as items), not one per field: a full sync
 * writes ~15 fields per record. Version 3 keys failures by their source (write, create, pull) as well.
 */
export const SQLITE_SCHEMA_VERSION = 3;

/** Write, create and pull failures; the migration to version 3 recreates this table. */
export const SQLITE_FAILURES_DDL = `
CREATE TABLE IF NOT EXISTS failures (
  crm TEXT NOT NULL,
  object TEXT NOT NULL,
  source TEXT NOT NULL,
  record_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  permanent INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (crm, object, source, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS failures_at ON failures (permanent, at);
`;

export const SQLITE_DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS cursors (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS links (
  person_id TEXT PRIMARY KEY,
  hubspot_id TEXT,
  salesforce_lead_id TEXT,
  salesforce_contact_id TEXT,
  email TEXT,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS links_hubspot_id ON links (hubspot_id) WHERE hubspot_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS links_sf_lead_id ON links (salesforce_lead_id) WHERE salesforce_lead_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS links_sf_contact_id ON links (salesforce_contact_id)
  WHERE salesforce_contact_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS links_email ON links (email) WHERE email IS NOT NULL;

CREATE TABLE IF NOT EXISTS dirty (person_id TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS snapshots (crm TEXT NOT NULL, object TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS snapshots_key ON snapshots (crm, object, id);

CREATE TABLE IF NOT EXISTS activities (
  crm TEXT NOT NULL,
  source_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS activities_key ON activities (crm, source_id);
CREATE INDEX IF NOT EXISTS activities_record ON activities (crm, record_id, occurred_at);
CREATE INDEX IF NOT EXISTS activities_occurred ON activities (occurred_at);

CREATE TABLE IF NOT EXISTS opportunities (id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS opportunities_key ON opportunities (id);
CREATE TABLE IF NOT EXISTS opportunity_contacts (
  contact_id TEXT NOT NULL,
  opportunity_id TEXT NOT NULL,
  PRIMARY KEY (contact_id, opportunity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS opportunity_contacts_opp ON opportunity_contacts (opportunity_id);

CREATE TABLE IF NOT EXISTS person_states (person_id TEXT NOT NULL, state TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS person_states_key ON person_states (person_id);

CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  person_id TEXT,
  -- entries in doc: one audit row is one written record, its fields as items (audit.ts)
  n INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at, seq);
CREATE INDEX IF NOT EXISTS audit_person ON audit (person_id, at, seq) WHERE person_id IS NOT NULL;

${SQLITE_FAILURES_DDL}

CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);

CREATE TABLE IF NOT EXISTS locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Tables `clear()` empties (everything but `meta`). */
export const SQLITE_DATA_TABLES = [
  'cursors',
  'links',
  'dirty',
  'snapshots',
  'activities',
  'opportunities',
  'opportunity_contacts',
  'person_states',
  'audit',
  'failures',
  'runs',
  'locks',
] as const;
