/**
 * SOQL building with proper literal escaping, and the incremental keyset every pull uses:
 * `ORDER BY SystemModstamp, Id` with `(ts > :t OR (ts = :t AND Id > :id)) AND ts <= :signpost`, so rows
 * sharing one timestamp across a page edge are read exactly once and the cursor never passes the run start.
 * Literals: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 * Date formats: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */
import { SyncError } from '../../src/lib/errors.ts';

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A quoted SOQL string literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/**
 * A SOQL dateTime literal in UTC (`2024-05-01T10:00:00Z`). Salesforce stamps carry whole seconds; a
 * stamp with milliseconds (never seen from Salesforce itself) keeps them so the keyset stays exact.
 */
export function soqlDateTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** Field and object names are never quoted in SOQL, so anything not an identifier is refused outright. */
export function soqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new SyncError('config', 'SF_BAD_IDENTIFIER', `not a Salesforce API name: ${JSON.stringify(name)}`, {
      name,
    });
  }
  return name;
}

/** `a, b, c` with duplicates dropped (case-insensitively, as Salesforce rejects duplicate fields). */
export function selectList(fields: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of fields) {
    const key = soqlIdentifier(f).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.join(', ');
}

export interface KeysetPosition {
  readonly ts: string;
  readonly id: string;
}

export interface KeysetQuery {
  readonly object: string;
  readonly fields: readonly string[];
  readonly after: KeysetPosition | null;
  readonly signpost: Date;
  /** Stamp field; `SystemModstamp` on every object leadloop reads. */
  readonly stampField?: string;
  /** Extra conjunct, already-escaped SOQL (e.g. `HasResponded = true`). */
  readonly where?: string;
}

/** The WHERE conjuncts of a keyset read (no `WHERE` keyword). */
export function keysetWhere(q: KeysetQuery): string {
  const ts = soqlIdentifier(q.stampField ?? 'SystemModstamp');
  const parts: string[] = [];
  if (q.after) {
    const t = soqlDateTime(new Date(q.after.ts));
    parts.push(`(${ts} > ${t} OR (${ts} = ${t} AND Id > ${soqlString(q.after.id)}))`);
  }
  parts.push(`${ts} <= ${soqlDateTime(q.signpost)}`);
  if (q.where) parts.push(`(${q.where})`);
  return parts.join(' AND ');
}

/** `SELECT ... FROM X WHERE <keyset> ORDER BY SystemModstamp, Id`. */
export function keysetQuery(q: KeysetQuery): string {
  const ts = q.stampField ?? 'SystemModstamp';
  const fields = selectList(['Id', ts, ...q.fields]);
  return `SELECT ${fields} FROM ${soqlIdentifier(q.object)} WHERE ${keysetWhere(q)} ORDER BY ${ts}, Id`;
}

/** `WHERE Id IN ('a','b')` conjunct. */
export function idIn(field: string, ids: readonly string[]): string {
  return `${soqlIdentifier(field)} IN (${ids.map(soqlString).join(', ')})`;
}
