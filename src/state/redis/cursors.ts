import type { CursorPort } from '../types.ts';
import type { RedisHandle } from './util.ts';

export function redisCursors({ redis, k }: RedisHandle): CursorPort {
  const cursors = k('cursors');
  return {
    getCursor(key) {
      return redis.hget(cursors, key);
    },
    async setCursor(key, value) {
      if (value === null) await redis.hdel(cursors, key);
      else await redis.hset(cursors, key, value);
    },
    // HINCRBY is atomic across every worker on this Redis.
    async reserveCounter(key, count) {
      return (await redis.hincrby(cursors, key, count)) - count;
    },
  };
}
