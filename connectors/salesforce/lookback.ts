/**
 * The overlap an incremental pull re-reads behind its cursor. A share of Salesforce writes (bulk loads,
 * flows, triggers) becomes visible to queries after the SystemModstamp it carries, so a keyset that has
 * passed that stamp would skip the row for good; re-reading a window behind the cursor catches it. What
 * the previous pull already returned in that window is named by `id@ts` and dropped, so the overlap costs
 * reads, never writes.
 */
import type { PersonRecord } from '../../src/domain/person.ts';
import type { KeysetPosition } from './soql.ts';

/** Bound on the tail's keys in a cursor: past it duplicates can reach the caller, whose writes are diffs. */
export const SEEN_CAP = 5_000;

export function seenKey(record: Pick<PersonRecord, 'id' | 'modifiedAt'>): string {
  return `${record.id}@${record.modifiedAt}`;
}

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
  read: readonly Pick<PersonRecord, 'id' | 'modifiedAt'>[],
  highTs: string,
  lookbackMs: number,
): string[] {
  const floor = Date.parse(highTs) - lookbackMs;
  const byKey = new Map<string, number>();
  for (const key of previous) byKey.set(key, Date.parse(key.slice(key.lastIndexOf('@') + 1)));
  for (const r of read) byKey.set(seenKey(r), Date.parse(r.modifiedAt));
  const kept = [...byKey].filter(([, ms]) => ms >= floor).sort((a, b) => b[1] - a[1]);
  return kept.slice(0, SEEN_CAP).map(([key]) => key);
}
