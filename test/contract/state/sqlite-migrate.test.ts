/**
 * A state file written by schema version 1 (document tables WITHOUT ROWID, one audit row per field, the
 * kind of a failure as an id prefix) opens as the current version with every row carried over, and reads
 * back what was stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/state/sqlite/sqlite-store.ts';
import type { AuditEntry, RecordSnapshot, WriteFailureEntry } from '../../../src/state/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadloop-sqlite-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The version-1 tables, verbatim (fixture). */
const V1_DDL = `
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

CREATE TABLE IF NOT EXISTS snapshots (
  crm TEXT NOT NULL,
  object TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (crm, object, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS activities (
  crm TEXT NOT NULL,
  source_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (crm, source_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS activities_record ON activities (crm, record_id, occurred_at);
CREATE INDEX IF NOT EXISTS activities_occurred ON activities (occurred_at);

CREATE TABLE IF NOT EXISTS opportunities (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS opportunity_contacts (
  contact_id TEXT NOT NULL,
  opportunity_id TEXT NOT NULL,
  PRIMARY KEY (contact_id, opportunity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS opportunity_contacts_opp ON opportunity_contacts (opportunity_id);

CREATE TABLE IF NOT EXISTS person_states (person_id TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  person_id TEXT,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at, seq);
CREATE INDEX IF NOT EXISTS audit_person ON audit (person_id, at, seq) WHERE person_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS failures (
  crm TEXT NOT NULL,
  object TEXT NOT NULL,
  record_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  permanent INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (crm, object, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS failures_at ON failures (permanent, at);

CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);

CREATE TABLE IF NOT EXISTS locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
`;

const snapshot: RecordSnapshot = {
  crm: 'hubspot',
  object: 'contact',
  id: 'h1',
  fields: { email: 'a@x.io', leadloop_score: 12, hs_email_optout: false, phone: null },
  modifiedAt: '2026-01-01T00:00:00.000Z',
  syncedAt: '2026-01-01T00:01:00.000Z',
};
const audit = (minute: number, field: string, to: string | number | null): AuditEntry => ({
  at: `2026-01-01T00:0${minute}:00.000Z`,
  runId: 'run-1',
  personId: 'p1',
  crm: 'hubspot',
  object: 'contact',
  recordId: 'h1',
  field,
  from: null,
  to,
  reason: 'score',
});
const activity = {
  crm: 'hubspot' as const,
  sourceId: 'ev-1',
  recordId: 'h1',
  type: 'page_view' as const,
  occurredAt: '2026-01-01T00:00:00.000Z',
  name: null,
  url: 'https://x.io/pricing',
  tag: null,
  campaign: null,
};

const failure = (source: WriteFailureEntry['source'], recordId: string): WriteFailureEntry => ({
  at: '2026-01-01T00:01:00.000Z',
  runId: 'run-1',
  crm: 'salesforce',
  object: 'lead',
  source,
  recordId,
  code: 'UNABLE_TO_LOCK_ROW',
  message: 'locked',
  fields: [],
  permanent: false,
});
/** How versions 1 and 2 stored them: no source, the kind in front of the id. */
const LEGACY_FAILURE_IDS = [
  ['00Q1', failure('write', '00Q1')],
  ['create:101', failure('create', '101')],
  ['pulled:00Q2', failure('pull', '00Q2')],
] as const;

function writeV1File(path: string): void {
  const db = new DatabaseSync(path);
  db.exec(V1_DDL);
  db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', '1')`).run();
  db.prepare('INSERT INTO snapshots (crm, object, id, doc) VALUES (?, ?, ?, ?)').run(
    'hubspot',
    'contact',
    'h1',
    JSON.stringify(snapshot),
  );
  db.prepare(
    'INSERT INTO activities (crm, source_id, record_id, occurred_at, doc) VALUES (?, ?, ?, ?, ?)',
  ).run('hubspot', 'ev-1', 'h1', Date.parse(activity.occurredAt), JSON.stringify(activity));
  db.prepare('INSERT INTO person_states (person_id, state) VALUES (?, ?)').run('p1', '{"stage":null}');
  for (const [stored, f] of LEGACY_FAILURE_IDS) {
    const { source: _source, ...legacy } = { ...f, recordId: stored };
    db.prepare(
      'INSERT INTO failures (crm, object, record_id, at, permanent, doc) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(f.crm, f.object, stored, Date.parse(f.at), 0, JSON.stringify(legacy));
  }
  for (const e of [audit(1, 'leadloop_score', 12), audit(2, 'leadloop_grade', 'B')])
    db.prepare('INSERT INTO audit (at, person_id, doc) VALUES (?, ?, ?)').run(
      Date.parse(e.at),
      e.personId,
      JSON.stringify(e),
    );
  db.close();
}

describe('sqlite schema migration', () => {
  it('opens a version-1 file as the current version with its rows intact', async () => {
    const path = join(dir, 'v1.sqlite');
    writeV1File(path);
    const store = openSqliteStore(path);
    expect(await store.getSnapshots([{ crm: 'hubspot', object: 'contact', id: 'h1' }])).toEqual(
      new Map([['hubspot:contact:h1', snapshot]]),
    );
    expect(await store.getActivities([{ crm: 'hubspot', recordId: 'h1' }])).toEqual(
      new Map([['hubspot:h1', [activity]]]),
    );
    expect(await store.getPersonStates(['p1'])).toEqual(new Map([['p1', { stage: null }]]));
    // Failures: the id prefix became the source, in the key as in the entry.
    expect(await store.listFailures({ limit: 10 })).toEqual(
      LEGACY_FAILURE_IDS.map(([, f]) => f).sort((a, b) => b.source.localeCompare(a.source)),
    );
    await store.clearFailures([{ crm: 'salesforce', object: 'lead', source: 'create', recordId: '101' }]);
    expect((await store.listFailures({ limit: 10 })).map((f) => f.source)).toEqual(['write', 'pull']);
    expect(await store.listAudit({ limit: 10 })).toEqual([
      audit(2, 'leadloop_grade', 'B'),
      audit(1, 'leadloop_score', 12),
    ]);
    // New writes use the version-2 layout beside the migrated rows.
    await store.appendAudit([audit(3, 'leadloop_stage', 'MQL'), audit(3, 'leadloop_cell', 'A1')]);
    expect((await store.listAudit({ limit: 3 })).map((e) => e.field)).toEqual([
      'leadloop_cell',
      'leadloop_stage',
      'leadloop_grade',
    ]);
    expect(await store.pruneAudit(new Date('2026-01-01T00:02:30.000Z'))).toBe(2);
    expect(await store.putActivities([activity])).toBe(0);
    await store.close();
    const db = new DatabaseSync(path);
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: '3' });
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name GLOB '*_v[12]'`).get()).toEqual({
      n: 0,
    });
    db.close();
    // Reopening a migrated file changes nothing.
    const again = openSqliteStore(path);
    expect((await again.listAudit({ limit: 10 })).map((e) => e.field)).toEqual([
      'leadloop_cell',
      'leadloop_stage',
    ]);
    await again.close();
  });

  it('refuses a file from a newer version', async () => {
    const path = join(dir, 'v9.sqlite');
    const db = new DatabaseSync(path);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('schema_version', '9')`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/another schema version/);
  });
});
