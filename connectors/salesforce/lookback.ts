/**
 * The overlap an incremental pull re-reads behind its cursor. A share of Salesforce writes (bulk loads,
 * flows, triggers) becomes visible to queries after the SystemModstamp it carries, so a keyset that has
 * passed that stamp would skip the row for good; re-reading a window behind the cursor catches it. What
 * the previous pull already returned in that window is named by `id@ts#content` and dropped, so the
 * overlap costs reads, never writes.
 *
 * The content is part of the key because SystemModstamp has whole seconds: a record read at 12:00:00.300
 * and saved again at 12:00:00.800 (leadloop's own write-back right after its pull, a flow, a merge) carries
 * the same stamp twice. Named by `id@ts` alone, that second version would be dropped as already read, and
 * no later poll would see it until the record changed once more.
 */
import { createHash } from 'node:crypto';
import type { KeysetPosition } from './soql.ts';

/** Bound on the tail's keys in a cursor: past it duplicates can reach the caller, whose writes are diffs. */
export const SEEN_CAP = 5_000;

/** One version of a record as read: its id, its stamp and what it held. */
export interface ReadVersion {
  readonly id: string;
  readonly modifiedAt: string;
  /** The row's values (serialised for the fingerprint): a save within the same second changes them. */
  readonly content: unknown;
}

const stampOf = (v: Pick<ReadVersion, 'id' | 'modifiedAt'>): string => `${v.id}@${v.modifiedAt}`;

// A Salesforce datetime as REST writes it (`+0000`) or as Bulk CSV does (`Z`): the same instant.
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

/**
 * The row's values in one order and one spelling, so a version read through REST (JSON, nested
 * relationships, `attributes`) and through Bulk API 2.0 (CSV, dotted names, typed back) fingerprints alike.
 */
function canonical(content: unknown, prefix: string, out: string[]): void {
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    const text =
      typeof content === 'string' && DATETIME.test(content)
        ? new Date(Date.parse(content)).toISOString()
        : JSON.stringify(content ?? null);
    out.push(`${prefix}=${text}`);
    return;
  }
  for (const [key, value] of Object.entries(content)) {
    if (key === 'attributes') continue;
    canonical(value, prefix ? `${prefix}.${key}` : key, out);
  }
}

export function seenKey(v: ReadVersion): string {
  const parts: string[] = [];
  canonical(v.content, '', parts);
  const digest = createHash('sha1').update(parts.sort().join('\n')).digest('base64url').slice(0, 12);
  return `${stampOf(v)}#${digest}`;
}

/**
 * Whether a version was read by the previous pull. The fingerprint is computed only for rows whose
 * `id@ts` matches, so an overlap costs a hash per re-read row, not per row. Keys of older cursors
 * (`id@ts`, no fingerprint) match nothing: those rows are read once more, which costs no writes.
 */
export function seenMatcher(keys: Iterable<string>): (v: ReadVersion) => boolean {
  const full = new Set<string>();
  const stamps = new Set<string>();
  for (const key of keys) {
    const hash = key.lastIndexOf('#');
    if (hash < 0) continue;
    full.add(key);
    stamps.add(key.slice(0, hash));
  }
  if (full.size === 0) return () => false;
  return (v) => stamps.has(stampOf(v)) && full.has(seenKey(v));
}

const stampMs = (key: string): number => {
  const hash = key.lastIndexOf('#');
  return Date.parse(key.slice(key.lastIndexOf('@') + 1, hash < 0 ? undefined : hash));
};

/** Where a resumed pull starts: `lookbackMs` before the cursor's stamp, every id at that stamp included. */
export function rewind(after: KeysetPosition, lookbackMs: number): KeysetPosition {
  if (lookbackMs <= 0) return after;
  return { ts: new Date(Date.parse(after.ts) - lookbackMs).toISOString(), id: '' };
}

/**
 * Keys of the records whose stamp lies within `lookbackMs` of `highTs` (the position the cursor carries),
 * from the previous tail and this pull's records, newest kept when over `SEEN_CAP`.
 */
export function tailKeys(
  previous: Iterable<string>,
  read: readonly ReadVersion[],
  highTs: string,
  lookbackMs: number,
): string[] {
  const floor = Date.parse(highTs) - lookbackMs;
  const byKey = new Map<string, number>();
  for (const key of previous) if (key.includes('#')) byKey.set(key, stampMs(key));
  for (const r of read) {
    const ms = Date.parse(r.modifiedAt);
    if (ms >= floor) byKey.set(seenKey(r), ms);
  }
  const kept = [...byKey].filter(([, ms]) => ms >= floor).sort((a, b) => b[1] - a[1]);
  return kept.slice(0, SEEN_CAP).map(([key]) => key);
}
