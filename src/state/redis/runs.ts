import { decode, epochMs } from '../state-codec.ts';
import { storedRun } from '../stored-text.ts';
import type { RunPort } from '../types.ts';
import { LuaScript } from './scripts.ts';
import { execPipeline, hmgetDocs, type RedisHandle } from './util.ts';

/**
 * KEYS: runs, runs:time. ARGV: runId, doc, startedAt ms. The existence check and the write in one step:
 * a FLUSHALL between a separate check and the write would let the write re-create the run.
 */
const UPDATE_RUN = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`);

export function redisRuns({ redis, k }: RedisHandle): RunPort {
  return {
    async putRun(run) {
      const tx = redis.multi();
      tx.hset(k('runs'), run.runId, JSON.stringify(storedRun(run)));
      tx.zadd(k('runs:time'), epochMs(run.startedAt), run.runId);
      await execPipeline(tx);
    },
    async updateRun(run) {
      const written = await UPDATE_RUN.run(
        redis,
        [k('runs'), k('runs:time')],
        [run.runId, JSON.stringify(storedRun(run)), epochMs(run.startedAt)],
      );
      return written === 1;
    },
    async listRuns(limit) {
      if (limit <= 0) return [];
      const ids = await redis.zrevrange(k('runs:time'), 0, limit - 1);
      const docs = await hmgetDocs(redis, k('runs'), ids);
      return ids.flatMap((id) => {
        const json = docs.get(id);
        return json === undefined ? [] : [decode.run(id, json)];
      });
    },
  };
}
