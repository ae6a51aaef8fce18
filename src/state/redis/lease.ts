import type { LeasePort } from '../types.ts';
import { RELEASE_LOCK, RENEW_LOCK, TAKE_OVER_LOCK } from './scripts.ts';
import type { RedisHandle } from './util.ts';

export function redisLease({ redis, k }: RedisHandle): LeasePort {
  const renewLock = async (name: string, owner: string, ttlMs: number): Promise<boolean> =>
    Number(await RENEW_LOCK.run(redis, [k(`lock:${name}`)], [owner, ttlMs])) === 1;
  return {
    /** `SET NX PX`; the owner re-acquiring its own lease extends it. https://redis.io/docs/latest/commands/set/ */
    async acquireLock(name, owner, ttlMs) {
      if ((await redis.set(k(`lock:${name}`), owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return renewLock(name, owner, ttlMs);
    },
    renewLock,
    async releaseLock(name, owner) {
      await RELEASE_LOCK.run(redis, [k(`lock:${name}`)], [owner]);
    },
    async lockOwner(name) {
      return redis.get(k(`lock:${name}`));
    },
    async takeOverLock(name, from, to, ttlMs) {
      return Number(await TAKE_OVER_LOCK.run(redis, [k(`lock:${name}`)], [from, to, ttlMs])) === 1;
    },
  };
}
