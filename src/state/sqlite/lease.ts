import type { LeasePort } from '../types.ts';
import type { SqliteHandle } from './tx.ts';

/** The lease lives in the file, so it holds across every process sharing it. */
export function sqliteLease({ db }: SqliteHandle): LeasePort {
  // Taken when free, expired, or already ours (re-acquire extends); `changes` says whether we hold it.
  const acquire = db.prepare(
    `INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE locks.expires_at <= ? OR locks.owner = excluded.owner`,
  );
  const renew = db.prepare('UPDATE locks SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?');
  const release = db.prepare('DELETE FROM locks WHERE name = ? AND owner = ?');
  const owner = db.prepare('SELECT owner FROM locks WHERE name = ? AND expires_at > ?');
  const takeOver = db.prepare('UPDATE locks SET owner = ?, expires_at = ? WHERE name = ? AND owner = ?');
  return {
    async acquireLock(name, owner, ttlMs) {
      const now = Date.now();
      return Number(acquire.run(name, owner, now + ttlMs, now).changes) === 1;
    },
    async renewLock(name, owner, ttlMs) {
      const now = Date.now();
      return Number(renew.run(now + ttlMs, name, owner, now).changes) === 1;
    },
    async releaseLock(name, owner) {
      release.run(name, owner);
    },
    async lockOwner(name) {
      const row = owner.get(name, Date.now());
      return row && typeof row['owner'] === 'string' ? row['owner'] : null;
    },
    async takeOverLock(name, from, to, ttlMs) {
      return Number(takeOver.run(to, Date.now() + ttlMs, name, from).changes) === 1;
    },
  };
}
