/**
 * Checkpoints a WAL-mode state file from a worker thread. A checkpoint copies the WAL's pages into the
 * database file and fsyncs both; run by SQLite's automatic checkpoint it blocks whichever commit crosses
 * the threshold, and on a 100k-person full sync that was ~13 s of a 66 s run spent waiting on the disk
 * inside `COMMIT`. SQLite's own advice is to move checkpoints to another thread
 * (https://www.sqlite.org/wal.html#application_initiated_checkpoints): the worker has its own connection
 * and runs PASSIVE checkpoints, which never block the writer and never wait for readers. The writer keeps
 * a (higher) automatic checkpoint as a backstop, so the WAL stays bounded even if the worker falls behind.
 *
 * The worker is inline JavaScript (not a module path) so it runs the same from source and from a build.
 */
import { Worker } from 'node:worker_threads';

/** Pause between checkpoints once the WAL is fully copied; a checkpoint that left frames behind loops sooner. */
const IDLE_MS = 200;
const BUSY_MS = 20;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path);
db.exec('PRAGMA busy_timeout = ' + workerData.busyTimeoutMs);
// A checkpoint copies WAL frames straight to the file; a page cache would only hold copies of them.
db.exec('PRAGMA cache_size = -256');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer;
const tick = () => {
  let delay = ${IDLE_MS};
  try {
    const row = checkpoint.get();
    // log: frames in the WAL; checkpointed: frames copied. Frames left behind: go again soon.
    if (row && row.busy === 0 && row.checkpointed < row.log) delay = ${BUSY_MS};
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
  timer = setTimeout(tick, delay);
};
timer = setTimeout(tick, ${IDLE_MS});
parentPort.on('message', () => {
  clearTimeout(timer);
  if (db.isOpen) db.close();
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  readonly busyTimeoutMs: number;
  /** A failed checkpoint (the writer's backstop still checkpoints); reported, never thrown. */
  readonly onError?: (message: string) => void;
}

export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #stopped: Promise<void> | undefined;

  constructor(path: string, options: CheckpointerOptions) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, busyTimeoutMs: Math.trunc(options.busyTimeoutMs) },
      // The worker holds one statement and no data: a small heap keeps its isolate from sizing itself like
      // the main thread's (each isolate has its own heap, counted in the process's RSS).
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // Never the reason a process stays alive: a store nobody closed must not hang the exit.
    this.#worker.unref();
    this.#worker.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'error' in m) options.onError?.(String(m.error));
    });
    this.#worker.on('error', (err) => options.onError?.(err.message));
  }

  /** Stops the worker after its current checkpoint; resolves once its connection is closed. */
  stop(): Promise<void> {
    if (this.#stopped === undefined) {
      // Referenced again while it winds down: a caller awaiting `close()` must keep the process alive until
      // the worker is gone (an unreferenced one lets Node exit mid-await, code 13).
      this.#worker.ref();
      this.#worker.postMessage('stop');
      this.#stopped = this.#exited;
    }
    return this.#stopped;
  }
}
