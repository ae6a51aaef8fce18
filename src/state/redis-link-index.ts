/**
 * Links in redis: `links` (hash personId → JSON), `links:order` (sorted set for stable paging), one hash per
 * record-id kind (id → personId) and `idx:email`, a lexicographic sorted set of `email\0personId` so one
 * email can name several people. Writes go through Lua (redis-scripts.ts), so a link that moves to a new
 * email or ids never leaves a stale index entry, and an id claimed by another person is cleared on the
 * previous holder (the sqlite store does the same).
 */
import type { Redis } from 'ioredis';
import { DELETE_LINKS, PUT_LINKS } from './redis-scripts.ts';
import { chunks, execPipeline, hmgetDocs } from './redis-util.ts';
import { decode } from './state-codec.ts';
import {
  LINK_ID_FIELDS,
  linkFieldOf,
  refKey,
  type PersonLink,
  type RecordRef,
} from '../domain/person-link.ts';

const CHUNK = 500;

export class RedisLinkIndex {
  readonly #redis: Redis;
  readonly #keys: string[];
  readonly #links: string;
  readonly #order: string;
  readonly #email: string;
  readonly #p: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#p = prefix;
    this.#links = `${prefix}links`;
    this.#order = `${prefix}links:order`;
    this.#email = `${prefix}idx:email`;
    // Order matches KEYS in redis-scripts.ts UNINDEX.
    this.#keys = [this.#links, this.#order, ...LINK_ID_FIELDS.map((f) => `${prefix}idx:${f}`), this.#email];
  }

  async byPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    const docs = await hmgetDocs(this.#redis, this.#links, personIds);
    return new Map([...docs].map(([id, json]) => [id, decode.link(id, json)]));
  }

  async byRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    const pipe = this.#redis.pipeline();
    const asked: RecordRef[] = [];
    for (const ref of refs) {
      const field = linkFieldOf(ref);
      if (field === null) continue;
      pipe.hget(`${this.#p}idx:${field}`, ref.id);
      asked.push(ref);
    }
    if (asked.length === 0) return new Map();
    const owners = await execPipeline(pipe);
    const people = await this.byPersonIds(owners.filter((o): o is string => typeof o === 'string'));
    const out = new Map<string, PersonLink>();
    asked.forEach((ref, i) => {
      const owner = owners[i];
      const found = typeof owner === 'string' ? people.get(owner) : undefined;
      if (found) out.set(refKey(ref), found);
    });
    return out;
  }

  async byEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    if (emails.length === 0) return new Map();
    const pipe = this.#redis.pipeline();
    for (const email of emails) pipe.zrangebylex(this.#email, `[${email}\u0000`, `(${email}\u0001`);
    const members = await execPipeline(pipe);
    const idsPerEmail = members.map((list) =>
      Array.isArray(list) ? list.map((m) => String(m).slice(String(m).indexOf('\u0000') + 1)) : [],
    );
    const people = await this.byPersonIds(idsPerEmail.flat());
    const out = new Map<string, PersonLink[]>();
    emails.forEach((email, i) => {
      const found = (idsPerEmail[i] ?? []).flatMap((id) => people.get(id) ?? []);
      if (found.length > 0) out.set(email, found);
    });
    return out;
  }

  async put(links: readonly PersonLink[]): Promise<void> {
    for (const part of chunks(links, CHUNK)) {
      await PUT_LINKS.run(
        this.#redis,
        this.#keys,
        part.map((l) => JSON.stringify(l)),
      );
    }
  }

  async delete(personIds: readonly string[]): Promise<void> {
    for (const part of chunks(personIds, CHUNK)) await DELETE_LINKS.run(this.#redis, this.#keys, part);
  }

  async *iterate(batchSize: number): AsyncIterable<PersonLink[]> {
    let from = '-';
    for (;;) {
      const ids = await this.#redis.zrangebylex(this.#order, from, '+', 'LIMIT', 0, batchSize);
      if (ids.length === 0) return;
      const found = await this.byPersonIds(ids);
      yield ids.flatMap((id) => found.get(id) ?? []);
      const last = ids[ids.length - 1];
      if (last === undefined || ids.length < batchSize) return;
      from = `(${last}`;
    }
  }

  count(): Promise<number> {
    return this.#redis.hlen(this.#links);
  }
}
