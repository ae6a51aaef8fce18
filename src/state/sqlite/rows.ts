/**
 * Reading rows of the sqlite store: typed columns and batched reads by key. Each port prepares its own
 * statements once per connection; lists are bounded by a LIMIT, and orders are total (ties broken by key)
 * so paging is stable.
 */
import type { SQLOutputValue, StatementSync } from 'node:sqlite';
import { LeadloopError } from '../../lib/errors.ts';

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
