/**
 * §B5 #12 across workers: four runtimes on one Redis state, each with its own connectors, both CRMs
 * rotating refresh tokens (each refresh retires the token it used). When their sessions are refused at
 * once, exactly one token request per CRM reaches the sandbox and every call succeeds: one worker
 * refreshes under the Redis lock, the others read the session it stored. A lock whose holder died is
 * taken over once it lapses, and the refresh token stored last still works for a worker started later.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const WORKERS = 4;

let redis: TestRedis;
let sb: TestSandboxes;
let client: Redis;
let config: LeadloopConfig;
const runtimes: Runtime[] = [];
let contactIds: string[] = [];
let leadIds: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url);
  sb = await withSandboxes({
    people: 40,
    seed: 12,
    hubspot: { rotateRefreshTokens: true },
    salesforce: { rotateRefreshTokens: true },
  });
  config = {
    ...sb.config,
    state: { type: 'redis', url: redis.url },
    connections: {
      hubspot: {
        ...sb.config.connections.hubspot,
        accessToken: undefined,
        oauth: {
          clientId: sb.hubspot.clientId,
          clientSecret: sb.hubspot.clientSecret,
          refreshToken: sb.hubspot.refreshToken,
        },
      },
      salesforce: {
        ...sb.config.connections.salesforce,
        auth: {
          type: 'refresh-token',
          clientId: sb.connections.salesforce.clientId,
          clientSecret: sb.connections.salesforce.clientSecret,
          refreshToken: sb.connections.salesforce.refreshToken,
        },
      },
    },
  };
  contactIds = sb.dataset.people
    .map((p) => sb.hubspot.store.contactIdForPersonKey(p.key))
    .filter((id): id is string => id !== undefined)
    .slice(0, 5);
  leadIds = sb.dataset.people
    .map((p) => sb.salesforce.store.leadIdForPersonKey(p.key))
    .filter((id): id is string => id !== undefined)
    .slice(0, 5);
  for (let i = 0; i < WORKERS; i++)
    runtimes.push(await openRuntime(config, { logger: createLogger({ level: 'silent' }) }));
}, 60_000);

afterAll(async () => {
  for (const rt of runtimes) await rt.close();
  await client?.quit();
  await sb?.close();
  await redis?.stop();
});

const tokenRequests = (): { hubspot: number; salesforce: number } => ({
  hubspot: sb.hubspot.stats().byEndpoint['oauth.token'] ?? 0,
  salesforce: sb.salesforce.stats().byEndpoint['oauth.token'] ?? 0,
});

/** Every worker reads from both CRMs at once, several calls each; all must succeed. */
async function everyWorkerReads(workers: readonly Runtime[]): Promise<void> {
  const reads = workers.flatMap((rt) =>
    [0, 1, 2].flatMap(() => [
      rt.connectors.hubspot.readRecords('contact', contactIds),
      rt.connectors.salesforce.readRecords('lead', leadIds),
    ]),
  );
  const results = await Promise.all(reads);
  for (const r of results) expect(r.records.length).toBe(5);
}

describe('one OAuth refresh across workers', () => {
  it('four workers starting together mint one session per CRM', async () => {
    expect(contactIds).toHaveLength(5);
    expect(leadIds).toHaveLength(5);
    await everyWorkerReads(runtimes);
    expect(tokenRequests()).toEqual({ hubspot: 1, salesforce: 1 });
  });

  it('sessions refused at once: exactly one token request per CRM, every request succeeds', async () => {
    const before = tokenRequests();
    sb.hubspot.expireAccessTokens();
    sb.salesforce.expireAccessTokens();
    await everyWorkerReads(runtimes);
    expect(tokenRequests()).toEqual({ hubspot: before.hubspot + 1, salesforce: before.salesforce + 1 });
  });

  it('a lock whose holder died is taken over when it lapses', async () => {
    const sessions = await client.keys('leadloop:oauth:*:session');
    expect(sessions).toHaveLength(2);
    // A worker that took both locks and died before storing anything.
    for (const key of sessions)
      await client.set(key.replace(/:session$/, ':refresh-lock'), 'a-dead-worker', 'PX', 1_500);
    const before = tokenRequests();
    sb.hubspot.expireAccessTokens();
    sb.salesforce.expireAccessTokens();
    await everyWorkerReads(runtimes);
    expect(tokenRequests()).toEqual({ hubspot: before.hubspot + 1, salesforce: before.salesforce + 1 });
  }, 30_000);

  it('the rotated refresh token is stored: a worker started later, without the shared session, refreshes with it', async () => {
    await client.del(...(await client.keys('leadloop:oauth:*:session')));
    const late = await openRuntime(config, { logger: createLogger({ level: 'silent' }) });
    runtimes.push(late);
    const before = tokenRequests();
    await everyWorkerReads([late]);
    expect(tokenRequests()).toEqual({ hubspot: before.hubspot + 1, salesforce: before.salesforce + 1 });
  });
});
