import { decode, epochMs } from '../state-codec.ts';
import { storedFailure } from '../stored-text.ts';
import type { FailurePort } from '../types.ts';
import { text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

const ORDER = 'ORDER BY at DESC, crm DESC, object DESC, source DESC, record_id DESC LIMIT ?';

export function sqliteFailures({ db, tx }: SqliteHandle): FailurePort {
  const put = db.prepare(
    `INSERT INTO failures (crm, object, source, record_id, at, permanent, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (crm, object, source, record_id) DO UPDATE
     SET at = excluded.at, permanent = excluded.permanent, doc = excluded.doc`,
  );
  const clear = db.prepare(
    'DELETE FROM failures WHERE crm = ? AND object = ? AND source = ? AND record_id = ?',
  );
  const list = db.prepare(`SELECT crm, object, source, record_id, doc FROM failures ${ORDER}`);
  const listByPermanence = db.prepare(
    `SELECT crm, object, source, record_id, doc FROM failures WHERE permanent = ? ${ORDER}`,
  );
  return {
    async putFailures(failures) {
      if (failures.length === 0) return;
      tx(() => {
        for (const f of failures.map(storedFailure))
          put.run(
            f.crm,
            f.object,
            f.source,
            f.recordId,
            epochMs(f.at),
            f.permanent ? 1 : 0,
            JSON.stringify(f),
          );
      });
    },
    async clearFailures(refs) {
      if (refs.length > 0) tx(() => refs.forEach((r) => clear.run(r.crm, r.object, r.source, r.recordId)));
    },
    async listFailures(options) {
      if (options.limit <= 0) return [];
      const rows =
        options.permanent === undefined
          ? list.all(options.limit)
          : listByPermanence.all(options.permanent ? 1 : 0, options.limit);
      return rows.map((row) =>
        decode.failure(
          `${text(row, 'crm')}:${text(row, 'object')}:${text(row, 'source')}:${text(row, 'record_id')}`,
          text(row, 'doc'),
        ),
      );
    },
  };
}
