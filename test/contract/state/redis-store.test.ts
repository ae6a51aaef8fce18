import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/state/open-store.ts';
import { RedisStateStore } from '../../../src/state/redis-store.ts';
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
runStateStoreContract(
  'redis',
  async () => new RedisStateStore(client, { keyPrefix: `test:{${randomUUID()}}:` }),
);

describe('redis store specifics', () => {
  it('keeps every key under its prefix and clear() leaves other prefixes alone', async () => {
    const a = new RedisStateStore(client, { keyPrefix: `test:{${randomUUID()}}:` });
    const b = new RedisStateStore(client, { keyPrefix: `test:{${randomUUID()}}:` });
    await a.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
    await b.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
    await a.clear();
    expect(await a.countLinks()).toBe(0);
    expect(await b.countLinks()).toBe(1);
    await b.clear();
  });

  it('opens from config with the connection hash tag and quits its own client on close', async () => {
    const connection = randomUUID();
    const store = await openStateStore({ type: 'redis', url: server.url }, { connection });
    await store.setCursor('hubspot:contact', 'c1');
    expect(await client.hget(`leadloop:{${connection}}:cursors`, 'hubspot:contact')).toBe('c1');
    await store.clear();
    await store.close();
  });

  it('fails fast on an unreachable URL', async () => {
    await expect(openStateStore({ type: 'redis', url: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /cannot connect to the redis state store/,
    );
  });
});
