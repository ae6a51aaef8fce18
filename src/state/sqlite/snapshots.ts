import { refKey } from '../../domain/person-link.ts';
import { decode } from '../state-codec.ts';
import type { RecordSnapshot, SnapshotPort } from '../types.ts';
import { readByKeys, text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

export function sqliteSnapshots({ db, tx }: SqliteHandle): SnapshotPort {
  const get = db.prepare(
    `SELECT j.key AS k, s.doc FROM json_each(?) j
     JOIN snapshots s ON s.crm = j.value->>0 AND s.object = j.value->>1 AND s.id = j.value->>2`,
  );
  const put = db.prepare(
    `INSERT INTO snapshots (crm, object, id, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (crm, object, id) DO UPDATE SET doc = excluded.doc`,
  );
  const remove = db.prepare('DELETE FROM snapshots WHERE crm = ? AND object = ? AND id = ?');
  return {
    async getSnapshots(refs) {
      const out = new Map<string, RecordSnapshot>();
      readByKeys(
        [...new Map(refs.map((r) => [refKey(r), r]))],
        ([, r]) => [r.crm, r.object, r.id],
        get,
        ([key], row) => out.set(key, decode.snapshot(key, text(row, 'doc'))),
      );
      return out;
    },
    async putSnapshots(snapshots) {
      if (snapshots.length > 0)
        tx(() => snapshots.forEach((s) => put.run(s.crm, s.object, s.id, JSON.stringify(s))));
    },
    async deleteSnapshots(refs) {
      if (refs.length > 0) tx(() => refs.forEach((r) => remove.run(r.crm, r.object, r.id)));
    },
  };
}
