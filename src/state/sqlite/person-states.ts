import { decode } from '../state-codec.ts';
import type { PersonStatePort } from '../types.ts';
import { readByKeys, text } from './rows.ts';
import type { SqliteHandle } from './tx.ts';

export function sqlitePersonStates({ db, tx }: SqliteHandle): PersonStatePort {
  const get = db.prepare(
    'SELECT j.key AS k, p.state FROM json_each(?) j JOIN person_states p ON p.person_id = j.value',
  );
  const put = db.prepare(
    `INSERT INTO person_states (person_id, state) VALUES (?, ?)
     ON CONFLICT (person_id) DO UPDATE SET state = excluded.state`,
  );
  return {
    async getPersonStates(personIds) {
      const out = new Map<string, unknown>();
      readByKeys(
        [...new Set(personIds)],
        (id) => id,
        get,
        (id, row) => out.set(id, decode.state(id, text(row, 'state'))),
      );
      return out;
    },
    async putPersonStates(states) {
      if (states.length > 0) tx(() => states.forEach((s) => put.run(s.personId, JSON.stringify(s.state))));
    },
  };
}
