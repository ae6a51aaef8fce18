/**
 * The `StateStore` for the BullMQ deployment, on ioredis. Every key starts with `leadloop:{<connection>}:`
 * (the braces are a cluster hash tag: one connection's keys share a slot, so scripts and MULTI stay legal).
 * Batches go out as pipelines, MULTI blocks or Lua scripts in chunks: never one round trip per record.
 * https://redis.io/docs/latest/develop/use/pipelining/
 */
import { Redis, type ChainableCommander } from 'ioredis';
import type { Activity } from '../domain/activity.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Opportunity } from '../domain/opportunity.ts';
import { redisEndpoint } from '../lib/redis-endpoint.ts';
import { LeadloopError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { RedisLinkIndex } from './redis-link-index.ts';
import {
  PRUNE_ACTIVITIES,
  PRUNE_AUDIT,
  PUT_ACTIVITIES,
  PUT_OPPORTUNITIES,
  RELEASE_LOCK,
  RENEW_LOCK,
} from './redis-scripts.ts';
import { chunks, execPipeline, hmgetDocs, stringList } from './redis-util.ts';
import { sortOpportunities } from './ordering.ts';
import { decode, epochMs, failureKey, legacyFailureKey } from './state-codec.ts';
import { storedFailure, storedRun } from './stored-text.ts';
import {
  type AuditEntry,
  type RecordSnapshot,
  type RunSummary,
  type StateStore,
  type FailureRef,
  type WriteFailureEntry,
} from './types.ts';
import { refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';

const CHUNK = 1000;
const PRUNE_CHUNK = 500;

export interface RedisStoreOptions {
  /** Key prefix, e.g. `leadloop:{acme}:`. */
  keyPrefix: string;
  /** Whether `close()` quits the client (true when the store created it). */
  ownsClient?: boolean;
}

/**
 * Connects (failing fast on a bad URL) and returns the store; `close()` quits the connection. Connection
 * errors after boot are reported to `logger` and retried by ioredis; commands fail after 3 retries.
 */
export async function connectRedisStateStore(
  url: string,
  options: RedisStoreOptions & { logger?: Logger },
): Promise<RedisStateStore> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (err: Error) => options.logger?.warn({ err }, 'state store redis connection error'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new LeadloopError(
      'STATE_REDIS_UNREACHABLE',
      `cannot connect to the redis state store at ${redisEndpoint(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { endpoint: redisEndpoint(url) },
      { cause: err },
    );
  }
  return new RedisStateStore(redis, { keyPrefix: options.keyPrefix, ownsClient: true });
}

export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly #redis: Redis;
  readonly #p: string;
  readonly #owns: boolean;
  readonly #links: RedisLinkIndex;

  constructor(redis: Redis, options: RedisStoreOptions) {
    this.#redis = redis;
    this.#p = options.keyPrefix;
    this.#owns = options.ownsClient ?? false;
    this.#links = new RedisLinkIndex(redis, options.keyPrefix);
  }

  #k(name: string): string {
    return this.#p + name;
  }

  async getCursor(key: string): Promise<string | null> {
    return this.#redis.hget(this.#k('cursors'), key);
  }

  async setCursor(key: string, value: string | null): Promise<void> {
    if (value === null) await this.#redis.hdel(this.#k('cursors'), key);
    else await this.#redis.hset(this.#k('cursors'), key, value);
  }

  async reserveCounter(key: string, count: number): Promise<number> {
    // HINCRBY is atomic across every worker on this Redis.
    return (await this.#redis.hincrby(this.#k('cursors'), key, count)) - count;
  }

  getLinksByRefs(refs: readonly RecordRef[]): Promise<Map<string, PersonLink>> {
    return this.#links.byRefs(refs);
  }

  getLinksByEmails(emails: readonly string[]): Promise<Map<string, PersonLink[]>> {
    return this.#links.byEmails(emails);
  }

  getLinksByPersonIds(personIds: readonly string[]): Promise<Map<string, PersonLink>> {
    return this.#links.byPersonIds(personIds);
  }

  putLinks(links: readonly PersonLink[]): Promise<void> {
    return this.#links.put(links);
  }

  deleteLinks(personIds: readonly string[]): Promise<void> {
    return this.#links.delete(personIds);
  }

  iterateLinks(batchSize: number): AsyncIterable<PersonLink[]> {
    return this.#links.iterate(batchSize);
  }

  countLinks(): Promise<number> {
    return this.#links.count();
  }

  async markDirty(personIds: readonly string[]): Promise<void> {
    for (const part of chunks(personIds, CHUNK)) {
      await this.#redis.zadd(this.#k('dirty'), ...part.flatMap((id) => [0, id]));
    }
  }

  async listDirty(limit: number, afterPersonId?: string): Promise<string[]> {
    if (limit <= 0) return [];
    const from = afterPersonId === undefined ? '-' : `(${afterPersonId}`;
    return this.#redis.zrangebylex(this.#k('dirty'), from, '+', 'LIMIT', 0, limit);
  }

  async clearDirty(personIds: readonly string[]): Promise<void> {
    for (const part of chunks(personIds, CHUNK)) await this.#redis.zrem(this.#k('dirty'), ...part);
  }

  countDirty(): Promise<number> {
    return this.#redis.zcard(this.#k('dirty'));
  }

  async getSnapshots(refs: readonly RecordRef[]): Promise<Map<string, RecordSnapshot>> {
    const keys = refs.map(refKey);
    const docs = await hmgetDocs(this.#redis, this.#k('snap'), keys);
    return new Map([...docs].map(([key, json]) => [key, decode.snapshot(key, json)]));
  }

  async putSnapshots(snapshots: readonly RecordSnapshot[]): Promise<void> {
    for (const part of chunks(snapshots, CHUNK)) {
      await this.#redis.hset(this.#k('snap'), ...part.flatMap((s) => [refKey(s), JSON.stringify(s)]));
    }
  }

  async deleteSnapshots(refs: readonly RecordRef[]): Promise<void> {
    for (const part of chunks(refs, CHUNK)) await this.#redis.hdel(this.#k('snap'), ...part.map(refKey));
  }

  async putActivities(activities: readonly Activity[]): Promise<number> {
    let added = 0;
    for (const part of chunks(activities, CHUNK)) {
      const args = part.flatMap((a) => [
        `${a.crm}:${a.sourceId}`,
        `${a.crm}:${a.recordId}`,
        epochMs(a.occurredAt),
        JSON.stringify(a),
      ]);
      added += Number(
        await PUT_ACTIVITIES.run(
          this.#redis,
          [this.#k('act'), this.#k('act:time')],
          [this.#k('act:rec:'), ...args],
        ),
      );
    }
    return added;
  }

  async getActivities(
    records: readonly { crm: CrmName; recordId: string }[],
  ): Promise<Map<string, Activity[]>> {
    const recordKeys = records.map((r) => `${r.crm}:${r.recordId}`);
    const pipe = this.#redis.pipeline();
    for (const key of recordKeys) pipe.zrange(this.#k(`act:rec:${key}`), '0', '-1');
    const ids = (await execPipeline(pipe)).map(stringList);
    const docs = await hmgetDocs(this.#redis, this.#k('act'), ids.flat());
    const out = new Map<string, Activity[]>();
    recordKeys.forEach((key, i) => {
      const list = (ids[i] ?? []).flatMap((id) => {
        const json = docs.get(id);
        return json === undefined ? [] : [decode.activity(id, json)];
      });
      if (list.length > 0) out.set(key, list);
    });
    return out;
  }

  async pruneActivities(before: Date): Promise<number> {
    const keys = [this.#k('act'), this.#k('act:time')];
    return this.#pruneLoop(() =>
      PRUNE_ACTIVITIES.run(this.#redis, keys, [this.#k('act:rec:'), before.getTime(), PRUNE_CHUNK]),
    );
  }

  /** Runs a chunked prune script until a chunk comes back short; each call is atomic and bounded. */
  async #pruneLoop(step: () => Promise<unknown>): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = Number(await step());
      total += removed;
      if (removed < PRUNE_CHUNK) return total;
    }
  }

  async putOpportunities(opportunities: readonly Opportunity[]): Promise<void> {
    for (const part of chunks(opportunities, CHUNK)) {
      const args = part.flatMap((o) => [
        o.id,
        JSON.stringify({ ...o, contactIds: [...new Set(o.contactIds)] }),
      ]);
      await PUT_OPPORTUNITIES.run(this.#redis, [this.#k('opp')], [this.#k('opp:contact:'), ...args]);
    }
  }

  async getOpportunitiesForContacts(contactIds: readonly string[]): Promise<Map<string, Opportunity[]>> {
    const pipe = this.#redis.pipeline();
    for (const c of contactIds) pipe.smembers(this.#k(`opp:contact:${c}`));
    const ids = (await execPipeline(pipe)).map(stringList);
    const docs = await hmgetDocs(this.#redis, this.#k('opp'), [...new Set(ids.flat())]);
    const out = new Map<string, Opportunity[]>();
    contactIds.forEach((contactId, i) => {
      const opps = (ids[i] ?? []).flatMap((id) => {
        const json = docs.get(id);
        return json === undefined ? [] : [decode.opportunity(id, json)];
      });
      if (opps.length > 0) out.set(contactId, sortOpportunities(opps));
    });
    return out;
  }

  async getPersonStates(personIds: readonly string[]): Promise<Map<string, unknown>> {
    const docs = await hmgetDocs(this.#redis, this.#k('pstate'), personIds);
    return new Map([...docs].map(([id, json]) => [id, decode.state(id, json)]));
  }

  async putPersonStates(states: readonly { personId: string; state: unknown }[]): Promise<void> {
    for (const part of chunks(states, CHUNK)) {
      await this.#redis.hset(
        this.#k('pstate'),
        ...part.flatMap((s) => [s.personId, JSON.stringify(s.state)]),
      );
    }
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Sequence numbers break ties between entries of the same millisecond in insertion order.
    const last = await this.#redis.incrby(this.#k('audit:seq'), entries.length);
    const tx = this.#redis.multi();
    entries.forEach((e, i) => {
      const seq = String(last - entries.length + 1 + i).padStart(16, '0');
      const ms = epochMs(e.at);
      tx.hset(this.#k('audit:doc'), seq, JSON.stringify(e));
      tx.zadd(this.#k('audit'), ms, seq);
      if (e.personId !== null) tx.zadd(this.#k(`audit:p:${e.personId}`), ms, seq);
    });
    await execPipeline(tx);
  }

  async listAudit(options: { limit: number; personId?: string }): Promise<AuditEntry[]> {
    if (options.limit <= 0) return [];
    const key = options.personId === undefined ? this.#k('audit') : this.#k(`audit:p:${options.personId}`);
    const seqs = await this.#redis.zrevrange(key, 0, options.limit - 1);
    const docs = await hmgetDocs(this.#redis, this.#k('audit:doc'), seqs);
    return seqs.flatMap((seq) => {
      const json = docs.get(seq);
      return json === undefined ? [] : [decode.audit(seq, json)];
    });
  }

  async pruneAudit(before: Date): Promise<number> {
    const keys = [this.#k('audit'), this.#k('audit:doc')];
    return this.#pruneLoop(() =>
      PRUNE_AUDIT.run(this.#redis, keys, [this.#k('audit:p:'), before.getTime(), PRUNE_CHUNK]),
    );
  }

  async putFailures(failures: readonly WriteFailureEntry[]): Promise<void> {
    for (const part of chunks(failures.map(storedFailure), CHUNK)) {
      const tx = this.#redis.multi();
      for (const f of part) {
        const key = failureKey(f);
        const ms = epochMs(f.at);
        dropLegacyFailure(tx, (name) => this.#k(name), f);
        tx.hset(this.#k('fail'), key, JSON.stringify(f));
        tx.zrem(this.#k(f.permanent ? 'fail:temp' : 'fail:perm'), key);
        tx.zadd(this.#k(f.permanent ? 'fail:perm' : 'fail:temp'), ms, key);
        tx.zadd(this.#k('fail:all'), ms, key);
      }
      await execPipeline(tx);
    }
  }

  async clearFailures(refs: readonly FailureRef[]): Promise<void> {
    for (const part of chunks(refs, CHUNK)) {
      const keys = part.flatMap((r) => [failureKey(r), legacyFailureKey(r)]);
      const tx = this.#redis.multi();
      tx.hdel(this.#k('fail'), ...keys);
      for (const set of ['fail:all', 'fail:perm', 'fail:temp']) tx.zrem(this.#k(set), ...keys);
      await execPipeline(tx);
    }
  }

  async listFailures(options: { limit: number; permanent?: boolean }): Promise<WriteFailureEntry[]> {
    if (options.limit <= 0) return [];
    const set = options.permanent === undefined ? 'fail:all' : options.permanent ? 'fail:perm' : 'fail:temp';
    const keys = await this.#redis.zrevrange(this.#k(set), 0, options.limit - 1);
    const docs = await hmgetDocs(this.#redis, this.#k('fail'), keys);
    return keys.flatMap((key) => {
      const json = docs.get(key);
      return json === undefined ? [] : [decode.failure(key, json)];
    });
  }

  async putRun(run: RunSummary): Promise<void> {
    const tx = this.#redis.multi();
    tx.hset(this.#k('runs'), run.runId, JSON.stringify(storedRun(run)));
    tx.zadd(this.#k('runs:time'), epochMs(run.startedAt), run.runId);
    await execPipeline(tx);
  }

  async listRuns(limit: number): Promise<RunSummary[]> {
    if (limit <= 0) return [];
    const ids = await this.#redis.zrevrange(this.#k('runs:time'), 0, limit - 1);
    const docs = await hmgetDocs(this.#redis, this.#k('runs'), ids);
    return ids.flatMap((id) => {
      const json = docs.get(id);
      return json === undefined ? [] : [decode.run(id, json)];
    });
  }

  /** `SET NX PX`; the owner re-acquiring its own lease extends it. https://redis.io/docs/latest/commands/set/ */
  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.#k(`lock:${name}`);
    if ((await this.#redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return this.renewLock(name, owner, ttlMs);
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return Number(await RENEW_LOCK.run(this.#redis, [this.#k(`lock:${name}`)], [owner, ttlMs])) === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await RELEASE_LOCK.run(this.#redis, [this.#k(`lock:${name}`)], [owner]);
  }

  /** SCAN + UNLINK over this store's prefix only; other connections sharing the Redis are untouched. */
  async clear(): Promise<void> {
    const pattern = `${this.#p.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await this.#redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    if (this.#owns && this.#redis.status !== 'end') await this.#redis.quit();
  }
}

/** An entry written by a version without failure sources lives under its old key: replaced, not doubled. */
function dropLegacyFailure(tx: ChainableCommander, k: (name: string) => string, f: FailureRef): void {
  const legacy = legacyFailureKey(f);
  if (legacy === failureKey(f)) return;
  tx.hdel(k('fail'), legacy);
  for (const set of ['fail:all', 'fail:perm', 'fail:temp']) tx.zrem(k(set), legacy);
}
