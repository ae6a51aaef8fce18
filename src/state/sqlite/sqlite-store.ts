/**
 * The embedded `StateStore` on Node's built-in `node:sqlite` (zero dependencies): one file in WAL mode, or
 * `:memory:`. Each port (a module beside this) prepares its statements once on the connection; batch
 * methods run in one `BEGIN IMMEDIATE` transaction, which is what makes 100k-row batches take well under a
 * second (see test/bench/state-store.bench.ts).
 * https://nodejs.org/api/sqlite.html
 */
import { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../../lib/logger.ts';
import { composeStore } from '../compose.ts';
import { createPrivateFile, restrictFiles } from '../private-files.ts';
import type { StateStore } from '../types.ts';
import { sqliteAudit } from './audit.ts';
import { SqliteCheckpointer } from './checkpointer.ts';
import { sqliteCursors } from './cursors.ts';
import { sqliteDirty } from './dirty.ts';
import { sqliteFailures } from './failures.ts';
import { sqliteLease } from './lease.ts';
import { sqliteLedger } from './ledger.ts';
import { sqliteLinks } from './links.ts';
import { openSchema } from './migrate.ts';
import { sqlitePersonStates } from './person-states.ts';
import { sqliteRuns } from './runs.ts';
import { SQLITE_DATA_TABLES } from './schema.ts';
import { sqliteSnapshots } from './snapshots.ts';
import { sqliteHandle } from './tx.ts';

export interface SqliteStoreOptions {
  /** Milliseconds a writer waits for another process's write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Where a failed background checkpoint is reported (the writer's own checkpoint still runs). */
  logger?: Logger;
}

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): StateStore {
  const onDisk = path !== ':memory:';
  if (onDisk) createPrivateFile(path);
  const db = new DatabaseSync(path);
  const busyTimeout = Math.trunc(options.busyTimeoutMs ?? 5000);
  db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
  if (onDisk) {
    db.exec('PRAGMA journal_mode = WAL');
    // sqlite gives new companions the database's mode; ones left by an older version may be wider.
    restrictFiles([`${path}-wal`, `${path}-shm`]);
  }
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  db.exec('PRAGMA synchronous = NORMAL');
  // A 64 MB page cache keeps the link indexes of a million people hot; the default 2 MB thrashes.
  db.exec('PRAGMA cache_size = -65536');
  db.exec('PRAGMA temp_store = MEMORY');
  // Checkpoints (WAL pages copied into the file, both fsynced) run on a worker thread, off the writer's
  // path (checkpointer.ts). The writer's automatic checkpoint stays as a backstop at 10,000 pages
  // (40 MB), and the WAL file is cut back to 64 MB after a checkpoint empties it.
  // https://www.sqlite.org/wal.html#automatic_checkpoint
  db.exec('PRAGMA wal_autocheckpoint = 10000');
  db.exec('PRAGMA journal_size_limit = 67108864');
  openSchema(db);
  const checkpointer =
    path === ':memory:'
      ? undefined
      : new SqliteCheckpointer(path, {
          busyTimeoutMs: busyTimeout,
          onError: (message) =>
            options.logger?.warn(
              { path, error: message },
              'background checkpoint failed; the writer checkpoints',
            ),
        });
  const h = sqliteHandle(db);
  return composeStore(
    {
      cursors: sqliteCursors(h),
      links: sqliteLinks(h),
      dirty: sqliteDirty(h),
      snapshots: sqliteSnapshots(h),
      ledger: sqliteLedger(h),
      personStates: sqlitePersonStates(h),
      audit: sqliteAudit(h),
      failures: sqliteFailures(h),
      runs: sqliteRuns(h),
      lease: sqliteLease(h),
    },
    {
      kind: 'sqlite',
      clear: async () => h.tx(() => SQLITE_DATA_TABLES.forEach((table) => db.exec(`DELETE FROM ${table}`))),
      close: async () => {
        await checkpointer?.stop();
        if (db.isOpen) db.close();
      },
    },
  );
}
