import { decode, epochMs } from '../state-codec.ts';
import type { AuditPort } from '../types.ts';
import { PRUNE_CHUNK, pruneLoop } from './prune.ts';
import { PRUNE_AUDIT } from './scripts.ts';
import { execPipeline, hmgetDocs, type RedisHandle } from './util.ts';

export function redisAudit({ redis, k }: RedisHandle): AuditPort {
  return {
    async appendAudit(entries) {
      if (entries.length === 0) return;
      // Sequence numbers break ties between entries of the same millisecond in insertion order.
      const last = await redis.incrby(k('audit:seq'), entries.length);
      const tx = redis.multi();
      entries.forEach((e, i) => {
        const seq = String(last - entries.length + 1 + i).padStart(16, '0');
        const ms = epochMs(e.at);
        tx.hset(k('audit:doc'), seq, JSON.stringify(e));
        tx.zadd(k('audit'), ms, seq);
        if (e.personId !== null) tx.zadd(k(`audit:p:${e.personId}`), ms, seq);
      });
      await execPipeline(tx);
    },
    // ZREVRANGE 0 -1 would be the whole set; the contract answers nothing to a limit of 0 or less.
    async listAudit(options) {
      if (options.limit <= 0) return [];
      const key = options.personId === undefined ? k('audit') : k(`audit:p:${options.personId}`);
      const seqs = await redis.zrevrange(key, 0, options.limit - 1);
      const docs = await hmgetDocs(redis, k('audit:doc'), seqs);
      return seqs.flatMap((seq) => {
        const json = docs.get(seq);
        return json === undefined ? [] : [decode.audit(seq, json)];
      });
    },
    pruneAudit(before) {
      const keys = [k('audit'), k('audit:doc')];
      return pruneLoop(() => PRUNE_AUDIT.run(redis, keys, [k('audit:p:'), before.getTime(), PRUNE_CHUNK]));
    },
  };
}
