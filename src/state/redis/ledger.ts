import { activityCopyId, type Activity } from '../../domain/activity.ts';
import type { Opportunity } from '../../domain/opportunity.ts';
import { sortOpportunities } from '../ordering.ts';
import { decode, epochMs } from '../state-codec.ts';
import type { LedgerPort } from '../types.ts';
import { PRUNE_CHUNK, pruneLoop } from './prune.ts';
import { PRUNE_ACTIVITIES, PUT_ACTIVITIES, PUT_OPPORTUNITIES } from './scripts.ts';
import { chunks, execPipeline, hmgetDocs, stringList, type RedisHandle } from './util.ts';

const CHUNK = 1000;

export function redisLedger({ redis, k }: RedisHandle): LedgerPort {
  /** Deletes the entries from the hash and its indexes; returns those this call removed (another writer may have first). */
  async function dropEntries(gone: readonly Activity[]): Promise<Activity[]> {
    const dropped: Activity[] = [];
    for (const part of chunks(gone, CHUNK)) {
      const multi = redis.multi();
      for (const a of part) {
        const id = `${a.crm}:${a.sourceId}`;
        multi
          .hdel(k('act'), id)
          .zrem(k('act:time'), id)
          .zrem(k(`act:rec:${a.crm}:${a.recordId}`), id);
      }
      const replies = await execPipeline(multi);
      part.forEach((a, j) => {
        if (replies[j * 3] === 1) dropped.push(a);
      });
    }
    return dropped;
  }

  /** The copies (`<crm>:<activityId>:<recordId>`) of the listed activities (`<crm>:<activityId>`), but those of the records a listed set keeps. */
  async function scanCopies(listed: ReadonlyMap<string, ReadonlySet<string> | null>): Promise<Activity[]> {
    const found: Activity[] = [];
    let cursor = '0';
    do {
      const [next, pairs] = await redis.hscan(k('act'), cursor, 'MATCH', '*:*:*', 'COUNT', 1000);
      cursor = next;
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const field = pairs[i] as string;
        const cut = field.lastIndexOf(':');
        const activity = field.slice(0, cut);
        if (!listed.has(activity)) continue;
        const keep = listed.get(activity);
        if (keep?.has(field.slice(cut + 1))) continue;
        const a = decode.activity(field, pairs[i + 1] as string);
        if (`${a.crm}:${activityCopyId(field.slice(a.crm.length + 1, cut), a.recordId)}` === field)
          found.push(a);
      }
    } while (cursor !== '0');
    return found;
  }

  return {
    async putActivities(activities) {
      let added = 0;
      for (const part of chunks(activities, CHUNK)) {
        const args = part.flatMap((a) => [
          `${a.crm}:${a.sourceId}`,
          `${a.crm}:${a.recordId}`,
          epochMs(a.occurredAt),
          JSON.stringify(a),
        ]);
        added += Number(await PUT_ACTIVITIES.run(redis, [k('act'), k('act:time')], [k('act:rec:'), ...args]));
      }
      return added;
    },
    async getActivities(records) {
      const recordKeys = records.map((r) => `${r.crm}:${r.recordId}`);
      const pipe = redis.pipeline();
      for (const key of recordKeys) pipe.zrange(k(`act:rec:${key}`), '0', '-1');
      const ids = (await execPipeline(pipe)).map(stringList);
      const docs = await hmgetDocs(redis, k('act'), ids.flat());
      const out = new Map<string, Activity[]>();
      recordKeys.forEach((key, i) => {
        const list = (ids[i] ?? []).flatMap((id) => {
          const json = docs.get(id);
          return json === undefined ? [] : [decode.activity(id, json)];
        });
        if (list.length > 0) out.set(key, list);
      });
      return out;
    },
    pruneActivities(before) {
      const keys = [k('act'), k('act:time')];
      return pruneLoop(() =>
        PRUNE_ACTIVITIES.run(redis, keys, [k('act:rec:'), before.getTime(), PRUNE_CHUNK]),
      );
    },
    /**
     * The hash has no order to range over: one HSCAN pass per call finds the copies (fields
     * `<crm>:<activityId>:<recordId>`) of every listed activity, so callers pass a page's worth at once.
     */
    async retainActivityCopies(people) {
      if (people.length === 0) return [];
      const listed = new Map(people.map((p) => [`${p.crm}:${p.activityId}`, new Set(p.recordIds)]));
      return dropEntries(await scanCopies(listed));
    },
    /** One HMGET for the activities' own entries, one HSCAN pass for their copies. */
    async removeActivities(removed) {
      if (removed.length === 0) return [];
      const ids = [...new Set(removed.map((r) => `${r.crm}:${r.activityId}`))];
      const docs = await hmgetDocs(redis, k('act'), ids);
      const own = [...docs].map(([id, json]) => decode.activity(id, json));
      const copies = await scanCopies(new Map(ids.map((id) => [id, null])));
      return dropEntries([...own, ...copies]);
    },
    async putOpportunities(opportunities) {
      for (const part of chunks(opportunities, CHUNK)) {
        const args = part.flatMap((o) => [
          o.id,
          JSON.stringify({ ...o, contactIds: [...new Set(o.contactIds)] }),
        ]);
        await PUT_OPPORTUNITIES.run(redis, [k('opp')], [k('opp:contact:'), ...args]);
      }
    },
    async getOpportunitiesForContacts(contactIds) {
      const pipe = redis.pipeline();
      for (const c of contactIds) pipe.smembers(k(`opp:contact:${c}`));
      const ids = (await execPipeline(pipe)).map(stringList);
      const docs = await hmgetDocs(redis, k('opp'), [...new Set(ids.flat())]);
      const out = new Map<string, Opportunity[]>();
      contactIds.forEach((contactId, i) => {
        const opps = (ids[i] ?? []).flatMap((id) => {
          const json = docs.get(id);
          return json === undefined ? [] : [decode.opportunity(id, json)];
        });
        if (opps.length > 0) out.set(contactId, sortOpportunities(opps));
      });
      return out;
    },
  };
}
