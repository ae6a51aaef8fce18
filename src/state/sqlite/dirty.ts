import type { DirtyPort } from '../types.ts';
import { text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

export function sqliteDirty({ db, tx }: SqliteHandle): DirtyPort {
  const mark = db.prepare('INSERT OR IGNORE INTO dirty (person_id) VALUES (?)');
  const list = db.prepare('SELECT person_id FROM dirty WHERE person_id > ? ORDER BY person_id LIMIT ?');
  const clear = db.prepare('DELETE FROM dirty WHERE person_id = ?');
  const count = db.prepare('SELECT count(*) AS n FROM dirty');
  return {
    async markDirty(personIds) {
      if (personIds.length > 0) tx(() => personIds.forEach((id) => mark.run(id)));
    },
    // LIMIT -1 would mean "no limit" to SQLite; the contract answers nothing.
    async listDirty(limit, afterPersonId) {
      if (limit <= 0) return [];
      return list.all(afterPersonId ?? '', limit).map((row) => text(row, 'person_id'));
    },
    async clearDirty(personIds) {
      if (personIds.length > 0) tx(() => personIds.forEach((id) => clear.run(id)));
    },
    async countDirty() {
      return Number(count.get()?.['n'] ?? 0);
    },
  };
}
