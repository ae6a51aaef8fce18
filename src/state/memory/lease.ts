import type { LeasePort } from '../types.ts';
import type { MemoryTables } from './tables.ts';

export function memoryLease(locks: MemoryTables['locks']): LeasePort {
  return {
    /** Taken when free, expired, or already ours (re-acquiring extends the lease). */
    async acquireLock(name, owner, ttlMs) {
      const now = Date.now();
      const held = locks.get(name);
      if (held && held.expiresAt > now && held.owner !== owner) return false;
      locks.set(name, { owner, expiresAt: now + ttlMs });
      return true;
    },
    /** Extends the lease only while the owner still holds it: false once it expired. */
    async renewLock(name, owner, ttlMs) {
      const now = Date.now();
      const held = locks.get(name);
      if (!held || held.owner !== owner || held.expiresAt <= now) return false;
      held.expiresAt = now + ttlMs;
      return true;
    },
    async releaseLock(name, owner) {
      if (locks.get(name)?.owner === owner) locks.delete(name);
    },
    async lockOwner(name) {
      const held = locks.get(name);
      return held && held.expiresAt > Date.now() ? held.owner : null;
    },
    async takeOverLock(name, from, to, ttlMs) {
      if (locks.get(name)?.owner !== from) return false;
      locks.set(name, { owner: to, expiresAt: Date.now() + ttlMs });
      return true;
    },
  };
}
