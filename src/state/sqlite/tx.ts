import type { DatabaseSync } from 'node:sqlite';

/** The connection every sqlite port works on, and its one way to write: a whole batch or nothing. */
export interface SqliteHandle {
  readonly db: DatabaseSync;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction; rolls back and rethrows on error. */
  tx<T>(fn: () => T): T;
}

export function sqliteHandle(db: DatabaseSync): SqliteHandle {
  return {
    db,
    tx(fn) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = fn();
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
  };
}
