import { refKey } from '../../domain/person-link.ts';
import { decode } from '../state-codec.ts';
import type { SnapshotPort } from '../types.ts';
import { chunks, hmgetDocs, type RedisHandle } from './util.ts';

const CHUNK = 1000;

export function redisSnapshots({ redis, k }: RedisHandle): SnapshotPort {
  const snap = k('snap');
  return {
    async getSnapshots(refs) {
      const docs = await hmgetDocs(redis, snap, refs.map(refKey));
      return new Map([...docs].map(([key, json]) => [key, decode.snapshot(key, json)]));
    },
    async putSnapshots(snapshots) {
      for (const part of chunks(snapshots, CHUNK))
        await redis.hset(snap, ...part.flatMap((s) => [refKey(s), JSON.stringify(s)]));
    },
    async deleteSnapshots(refs) {
      for (const part of chunks(refs, CHUNK)) await redis.hdel(snap, ...part.map(refKey));
    },
  };
}
