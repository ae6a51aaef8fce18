/**
 * Links in redis: `links` (hash personId → JSON), `links:order` (sorted set for stable paging), one hash per
 * record-id kind (id → personId) and `idx:email`, a lexicographic sorted set of `email\0personId` so one
 * email can name several people. Writes go through Lua (scripts.ts), so a link that moves to a new
 * email or ids never leaves a stale index entry, and an id claimed by another person is cleared on the
 * previous holder (the sqlite store does the same).
 */
import { decode } from '../state-codec.ts';
import type { LinkPort } from '../types.ts';
import { DELETE_LINKS, PUT_LINKS } from './scripts.ts';
import { chunks, execPipeline, hmgetDocs, type RedisHandle } from './util.ts';
import {
  LINK_ID_FIELDS,
  linkFieldOf,
  refKey,
  type PersonLink,
  type RecordRef,
} from '../../domain/person-link.ts';

const CHUNK = 500;

export function redisLinks({ redis, k }: RedisHandle): LinkPort {
  const links = k('links');
  const order = k('links:order');
  const email = k('idx:email');
  // Order matches KEYS in scripts.ts UNINDEX.
  const keys = [links, order, ...LINK_ID_FIELDS.map((f) => k(`idx:${f}`)), email];
  const byPersonIds = async (personIds: readonly string[]): Promise<Map<string, PersonLink>> => {
    const docs = await hmgetDocs(redis, links, personIds);
    return new Map([...docs].map(([id, json]) => [id, decode.link(id, json)]));
  };

  return {
    getLinksByPersonIds: byPersonIds,
    async getLinksByRefs(refs) {
      const pipe = redis.pipeline();
      const asked: RecordRef[] = [];
      for (const ref of refs) {
        const field = linkFieldOf(ref);
        if (field === null) continue;
        pipe.hget(k(`idx:${field}`), ref.id);
        asked.push(ref);
      }
      if (asked.length === 0) return new Map();
      const owners = await execPipeline(pipe);
      const people = await byPersonIds(owners.filter((o): o is string => typeof o === 'string'));
      const out = new Map<string, PersonLink>();
      asked.forEach((ref, i) => {
        const owner = owners[i];
        const found = typeof owner === 'string' ? people.get(owner) : undefined;
        if (found) out.set(refKey(ref), found);
      });
      return out;
    },
    async getLinksByEmails(emails) {
      if (emails.length === 0) return new Map();
      const pipe = redis.pipeline();
      for (const e of emails) pipe.zrangebylex(email, `[${e}\u0000`, `(${e}\u0001`);
      const members = await execPipeline(pipe);
      const idsPerEmail = members.map((list) =>
        Array.isArray(list) ? list.map((m) => String(m).slice(String(m).indexOf('\u0000') + 1)) : [],
      );
      const people = await byPersonIds(idsPerEmail.flat());
      const out = new Map<string, PersonLink[]>();
      emails.forEach((e, i) => {
        const found = (idsPerEmail[i] ?? []).flatMap((id) => people.get(id) ?? []);
        if (found.length > 0) out.set(e, found);
      });
      return out;
    },
    async putLinks(given) {
      for (const part of chunks(given, CHUNK))
        await PUT_LINKS.run(
          redis,
          keys,
          part.map((l) => JSON.stringify(l)),
        );
    },
    async deleteLinks(personIds) {
      for (const part of chunks(personIds, CHUNK)) await DELETE_LINKS.run(redis, keys, part);
    },
    async *iterateLinks(batchSize) {
      // A negative LIMIT count means "all" to Redis; the contract yields nothing.
      if (batchSize <= 0) return;
      for (let from = '-'; ;) {
        const ids = await redis.zrangebylex(order, from, '+', 'LIMIT', 0, batchSize);
        if (ids.length === 0) return;
        const found = await byPersonIds(ids);
        yield ids.flatMap((id) => found.get(id) ?? []);
        const last = ids.at(-1);
        if (last === undefined || ids.length < batchSize) return;
        from = `(${last}`;
      }
    },
    countLinks() {
      return redis.hlen(links);
    },
  };
}
