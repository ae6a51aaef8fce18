import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/state/open-store.ts';
import { createRedisStore } from '../../../src/state/redis/redis-store.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';
import { link, runStateStoreContract } from './state-store.contract.ts';

let server: TestRedis;
let client: Redis;

beforeAll(async () => {
  server = await startRedis();
  client = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await client.quit();
  await server.stop();
});

// Each store gets its own prefix on the shared client, exactly as two connections share one Redis.
runStateStoreContract('redis', async () =>
  createRedisStore(client, { keyPrefix: `test:{${randomUUID()}}:` }),
);

describe('redis store specifics', () => {
  it('keeps every key under its prefix and clear() leaves other prefixes alone', async () => {
    const a = createRedisStore(client, { keyPrefix: `test:{${randomUUID()}}:` });
    const b = createRedisStore(client, { keyPrefix: `test:{${randomUUID()}}:` });
    await a.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
    await b.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
    await a.clear();
    expect(await a.countLinks()).toBe(0);
    expect(await b.countLinks()).toBe(1);
    await b.clear();
  });

  it('appends audit entries in a few multi-member commands, not three per entry', async () => {
    const store = createRedisStore(client, { keyPrefix: `test:{${randomUUID()}}:` });
    const entries = ['p1', 'p2', 'p3'].flatMap((personId, p) =>
      Array.from({ length: 40 }, (_, i) => ({
        at: `2026-01-01T00:0${p}:00.000Z`,
        runId: 'r1',
        personId,
        crm: 'hubspot' as const,
        object: 'contact' as const,
        recordId: `h${p}`,
        field: `f${i}`,
        from: null,
        to: i,
        reason: 'score',
      })),
    );
    await client.config('RESETSTAT');
    await store.appendAudit(entries);
    const stats = await client.info('commandstats');
    const calls = (command: string): number =>
      Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
    // One HSET for the docs, one ZADD for the log, one per person.
    expect({ hset: calls('hset'), zadd: calls('zadd') }).toEqual({ hset: 1, zadd: 4 });
    expect((await store.listAudit({ limit: 200, personId: 'p2' })).map((e) => e.field)).toEqual(
      Array.from({ length: 40 }, (_, i) => `f${39 - i}`),
    );
    expect(await store.listAudit({ limit: 200 })).toHaveLength(120);
    await store.clear();
  });

  it('opens from config with the connection hash tag and quits its own client on close', async () => {
    const connection = randomUUID();
    const store = await openStateStore({ type: 'redis', url: server.url }, { connection });
    await store.setCursor('hubspot:contact', 'c1');
    expect(await client.hget(`leadloop:{${connection}}:cursors`, 'hubspot:contact')).toBe('c1');
    await store.clear();
    await store.close();
  });

  it('reads failures written before they had a source, and replaces or clears them under the new key', async () => {
    const prefix = `test:{${randomUUID()}}:`;
    const store = createRedisStore(client, { keyPrefix: prefix });
    const legacy = (recordId: string, minute: number) => ({
      at: `2026-01-01T00:0${minute}:00.000Z`,
      runId: 'r0',
      crm: 'salesforce',
      object: 'lead',
      recordId,
      code: 'UNABLE_TO_LOCK_ROW',
      message: 'locked',
      fields: [],
      permanent: false,
    });
    // As an older version wrote them: the kind in front of the id, the member key the same string.
    for (const [key, doc] of [
      ['salesforce:lead:create:101', legacy('create:101', 1)],
      ['salesforce:lead:pulled:00Q2', legacy('pulled:00Q2', 2)],
    ] as const) {
      await client.hset(`${prefix}fail`, key, JSON.stringify(doc));
      await client.zadd(`${prefix}fail:all`, Date.parse(doc.at), key);
      await client.zadd(`${prefix}fail:temp`, Date.parse(doc.at), key);
    }
    expect((await store.listFailures({ limit: 10 })).map((f) => `${f.source}:${f.recordId}`)).toEqual([
      'pull:00Q2',
      'create:101',
    ]);
    await store.clearFailures([{ crm: 'salesforce', object: 'lead', source: 'create', recordId: '101' }]);
    const pulled = (await store.listFailures({ limit: 10 }))[0];
    expect(pulled).toMatchObject({ source: 'pull', recordId: '00Q2' });
    await store.putFailures([{ ...pulled!, runId: 'r1' }]);
    expect((await store.listFailures({ limit: 10 })).map((f) => `${f.source}:${f.runId}`)).toEqual([
      'pull:r1',
    ]);
    expect(await client.hkeys(`${prefix}fail`)).toEqual(['salesforce:lead:pull:00Q2']);
    await store.clear();
  });

  it('fails fast on an unreachable URL', async () => {
    await expect(openStateStore({ type: 'redis', url: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /cannot connect to the redis state store/,
    );
  });
});
