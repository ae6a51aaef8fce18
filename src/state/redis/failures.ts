/**
 * Failures in redis: `fail` (hash key → JSON) and three time-scored sets (`fail:all`, `fail:perm`,
 * `fail:temp`) so each listing is one ZREVRANGE.
 */
import type { ChainableCommander } from 'ioredis';
import { decode, epochMs, failureKey, legacyFailureKey } from '../state-codec.ts';
import { storedFailure } from '../stored-text.ts';
import type { FailurePort, FailureRef } from '../types.ts';
import { chunks, execPipeline, hmgetDocs, type RedisHandle } from './util.ts';

const CHUNK = 1000;
const SETS = ['fail:all', 'fail:perm', 'fail:temp'] as const;

/** An entry written by a version without failure sources lives under its old key: replaced, not doubled. */
function dropLegacyFailure(tx: ChainableCommander, k: RedisHandle['k'], f: FailureRef): void {
  const legacy = legacyFailureKey(f);
  if (legacy === failureKey(f)) return;
  tx.hdel(k('fail'), legacy);
  for (const set of SETS) tx.zrem(k(set), legacy);
}

export function redisFailures({ redis, k }: RedisHandle): FailurePort {
  return {
    async putFailures(failures) {
      for (const part of chunks(failures.map(storedFailure), CHUNK)) {
        const tx = redis.multi();
        for (const f of part) {
          const key = failureKey(f);
          const ms = epochMs(f.at);
          dropLegacyFailure(tx, k, f);
          tx.hset(k('fail'), key, JSON.stringify(f));
          tx.zrem(k(f.permanent ? 'fail:temp' : 'fail:perm'), key);
          tx.zadd(k(f.permanent ? 'fail:perm' : 'fail:temp'), ms, key);
          tx.zadd(k('fail:all'), ms, key);
        }
        await execPipeline(tx);
      }
    },
    async clearFailures(refs) {
      for (const part of chunks(refs, CHUNK)) {
        const keys = part.flatMap((r) => [failureKey(r), legacyFailureKey(r)]);
        const tx = redis.multi();
        tx.hdel(k('fail'), ...keys);
        for (const set of SETS) tx.zrem(k(set), ...keys);
        await execPipeline(tx);
      }
    },
    async listFailures(options) {
      if (options.limit <= 0) return [];
      const set =
        options.permanent === undefined ? 'fail:all' : options.permanent ? 'fail:perm' : 'fail:temp';
      const keys = await redis.zrevrange(k(set), 0, options.limit - 1);
      const docs = await hmgetDocs(redis, k('fail'), keys);
      return keys.flatMap((key) => {
        const json = docs.get(key);
        return json === undefined ? [] : [decode.failure(key, json)];
      });
    },
  };
}
