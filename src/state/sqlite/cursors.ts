import type { CursorPort } from '../types.ts';
import { text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

export function sqliteCursors({ db }: SqliteHandle): CursorPort {
  const get = db.prepare('SELECT value FROM cursors WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM cursors WHERE key = ?');
  // One statement: the read and the write cannot interleave with another connection's.
  const addToCounter = db.prepare(
    `INSERT INTO cursors (key, value) VALUES (?1, CAST(CAST(?2 AS INTEGER) AS TEXT))
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + CAST(?2 AS INTEGER) AS TEXT)
     RETURNING CAST(value AS INTEGER) - CAST(?2 AS INTEGER) AS first`,
  );
  return {
    async getCursor(key) {
      const row = get.get(key);
      return row === undefined ? null : text(row, 'value');
    },
    async setCursor(key, value) {
      if (value === null) remove.run(key);
      else put.run(key, value);
    },
    async reserveCounter(key, count) {
      return Number(addToCounter.get(key, count)?.['first'] ?? 0);
    },
  };
}
