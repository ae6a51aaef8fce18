import type { DirtyPort } from '../types.ts';
import { chunks, type RedisHandle } from './util.ts';

const CHUNK = 1000;

/** A sorted set with every score 0, so ids page in lexicographic order (ZRANGEBYLEX). */
export function redisDirty({ redis, k }: RedisHandle): DirtyPort {
  const dirty = k('dirty');
  return {
    async markDirty(personIds) {
      for (const part of chunks(personIds, CHUNK)) await redis.zadd(dirty, ...part.flatMap((id) => [0, id]));
    },
    // A negative LIMIT count means "all" to Redis; the contract answers nothing.
    async listDirty(limit, afterPersonId) {
      if (limit <= 0) return [];
      const from = afterPersonId === undefined ? '-' : `(${afterPersonId}`;
      return redis.zrangebylex(dirty, from, '+', 'LIMIT', 0, limit);
    },
    async clearDirty(personIds) {
      for (const part of chunks(personIds, CHUNK)) await redis.zrem(dirty, ...part);
    },
    countDirty() {
      return redis.zcard(dirty);
    },
  };
}
