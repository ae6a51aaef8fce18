import { decode, epochMs } from '../state-codec.ts';
import { storedRun } from '../stored-text.ts';
import type { RunPort } from '../types.ts';
import { execPipeline, hmgetDocs, type RedisHandle } from './util.ts';

export function redisRuns({ redis, k }: RedisHandle): RunPort {
  return {
    async putRun(run) {
      const tx = redis.multi();
      tx.hset(k('runs'), run.runId, JSON.stringify(storedRun(run)));
      tx.zadd(k('runs:time'), epochMs(run.startedAt), run.runId);
      await execPipeline(tx);
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
