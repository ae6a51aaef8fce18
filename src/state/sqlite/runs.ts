import { decode, epochMs } from '../state-codec.ts';
import { storedRun } from '../stored-text.ts';
import type { RunPort } from '../types.ts';
import { text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

export function sqliteRuns({ db }: SqliteHandle): RunPort {
  const put = db.prepare(
    `INSERT INTO runs (run_id, started_at, doc) VALUES (?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, doc = excluded.doc`,
  );
  const update = db.prepare('UPDATE runs SET started_at = ?, doc = ? WHERE run_id = ?');
  const list = db.prepare('SELECT run_id, doc FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?');
  return {
    async putRun(run) {
      put.run(run.runId, epochMs(run.startedAt), JSON.stringify(storedRun(run)));
    },
    async updateRun(run) {
      const changed = update.run(epochMs(run.startedAt), JSON.stringify(storedRun(run)), run.runId);
      return Number(changed.changes) > 0;
    },
    async listRuns(limit) {
      if (limit <= 0) return [];
      return list.all(limit).map((row) => decode.run(text(row, 'run_id'), text(row, 'doc')));
    },
  };
}
