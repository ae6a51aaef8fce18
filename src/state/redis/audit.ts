import { decode, epochMs } from '../state-codec.ts';
import type { AuditPort } from '../types.ts';
import { PRUNE_CHUNK, pruneLoop } from './prune.ts';
import { PRUNE_AUDIT } from './scripts.ts';
import { chunks, execPipeline, hmgetDocs, type RedisHandle } from './util.ts';

/** Arguments (pairs) per multi-member command: bounded commands, never one the size of a whole run. */
const ARGS_PER_COMMAND = 2000;

export function redisAudit({ redis, k }: RedisHandle): AuditPort {
  return {
    async appendAudit(entries) {
      if (entries.length === 0) return;
      // Sequence numbers break ties between entries of the same millisecond in insertion order.
      const last = await redis.incrby(k('audit:seq'), entries.length);
      const first = last - entries.length + 1;
      // A full sync appends ~15 entries per record: one multi-field HSET and ZADD per slice and one ZADD
      // per person, not three commands per entry (the per-command cost was most of a redis full sync's).
      const docs: string[] = [];
      const scored: (number | string)[] = [];
      const byPerson = new Map<string, (number | string)[]>();
      let at = '';
      let ms = 0;
      entries.forEach((e, i) => {
        const seq = String(first + i).padStart(16, '0');
        // Entries of one write share their time.
        if (e.at !== at) [at, ms] = [e.at, epochMs(e.at)];
        docs.push(seq, JSON.stringify(e));
        scored.push(ms, seq);
        if (e.personId === null) return;
        const own = byPerson.get(e.personId);
        if (own) own.push(ms, seq);
        else byPerson.set(e.personId, [ms, seq]);
      });
      const tx = redis.multi();
      for (const part of chunks(docs, ARGS_PER_COMMAND)) tx.hset(k('audit:doc'), ...part);
      for (const part of chunks(scored, ARGS_PER_COMMAND)) tx.zadd(k('audit'), ...part);
      for (const [personId, own] of byPerson)
        for (const part of chunks(own, ARGS_PER_COMMAND)) tx.zadd(k(`audit:p:${personId}`), ...part);
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
