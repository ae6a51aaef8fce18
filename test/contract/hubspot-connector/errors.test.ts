import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../../src/lib/errors.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BASE, JSON_HEADERS, NOW, RATE_HEADERS, TOKEN, connection, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const PROPS_PATH = '/crm/v3/properties/contacts';
const ok = { results: [] };
const correlationId = 'aeb5f871-7f07-4993-9211-075dc63e7cbf';

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SyncError);
  return err as SyncError;
}

describe('error shapes become typed SyncErrors, once', () => {
  it.each([
    [
      401,
      {
        status: 'error',
        message: 'Authentication credentials not found.',
        correlationId,
        category: 'INVALID_AUTHENTICATION',
      },
      'auth',
      'HUBSPOT_UNAUTHORIZED',
    ],
    [
      403,
      {
        status: 'error',
        message: 'This app hasn\u2019t been granted all required scopes',
        correlationId,
        category: 'MISSING_SCOPES',
        context: { missingScopes: ['crm.schemas.contacts.read'] },
      },
      'auth',
      'HUBSPOT_MISSING_SCOPES',
    ],
    [
      404,
      { status: 'error', message: 'resource not found', correlationId, category: 'OBJECT_NOT_FOUND' },
      'config',
      'HUBSPOT_NOT_FOUND',
    ],
    [
      409,
      {
        status: 'error',
        message: 'Contact already exists. Existing ID: 512',
        correlationId,
        category: 'CONFLICT',
      },
      'record',
      'HUBSPOT_CONFLICT',
    ],
    [
      400,
      { status: 'error', message: 'Invalid input', correlationId, category: 'VALIDATION_ERROR' },
      'config',
      'VALIDATION_ERROR',
    ],
  ])(
    '%i → %s, not retried, status and body logged at warn, never the token',
    async (status, body, kind, code) => {
      const scope = nock(BASE).get(PROPS_PATH).query(true).reply(status, body, JSON_HEADERS);
      const { hs, logs } = makeConnector();
      const err = await failure(hs.describe('contact', { fresh: true }));
      expect(scope.isDone()).toBe(true);
      expect([err.kind, err.code, err.retryable]).toEqual([kind, code, false]);
      expect(err.context).toMatchObject({ status, method: 'GET', path: PROPS_PATH });
      if (status === 403) expect(err.context['missingScopes']).toEqual(['crm.schemas.contacts.read']);
      const warn = logs.lines.find((l) => l['msg'] === 'hubspot api error');
      expect(warn).toMatchObject({ level: 40, status, method: 'GET', path: PROPS_PATH });
      expect(String(warn?.['body'])).toContain(body.message);
      expect(logs.lines.find((l) => l['msg'] === 'hubspot request')).toMatchObject({
        level: 20,
        method: 'GET',
        path: PROPS_PATH,
      });
      expect(logs.text()).not.toContain(TOKEN);
      expect(hs.usage()).toMatchObject({ totalCalls: 1, retries: 0 });
    },
  );

  it('423 Locked waits at least 2 s, then retries', async () => {
    const scope = nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(423, { status: 'error', message: 'locked', category: 'LOCKED' }, JSON_HEADERS)
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, RATE_HEADERS);
    const { hs, clock } = makeConnector();
    await hs.describe('contact', { fresh: true });
    expect(scope.isDone()).toBe(true);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(hs.usage().retries).toBe(1);
  });

  it('5xx backs off exponentially with bounded attempts, then fails transient', async () => {
    const scope = nock(BASE).get(PROPS_PATH).query(true).times(5).reply(502, '<html>Bad gateway</html>');
    const { hs, clock } = makeConnector();
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect(scope.isDone()).toBe(true);
    expect([err.kind, err.code, err.retryable]).toEqual(['transient', 'HUBSPOT_HTTP_502', true]);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(err.retryAfterMs).toBe(8000);
  });

  it('a 5xx then success resolves, honouring Retry-After in seconds', async () => {
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(503, { message: 'unavailable' }, { ...JSON_HEADERS, 'Retry-After': '3' })
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, RATE_HEADERS);
    const { hs, clock } = makeConnector();
    await hs.describe('contact', { fresh: true });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('477 Migration in Progress with a long Retry-After goes to the queue instead of waiting inline', async () => {
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(477, { message: 'migration' }, { ...JSON_HEADERS, 'Retry-After': '3600' });
    const { hs, clock } = makeConnector();
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect([err.kind, err.retryAfterMs]).toEqual(['transient', 3_600_000]);
    expect(clock.sleeps).toEqual([]);
  });

  it('network errors (connection refused) are transient and retried with backoff', async () => {
    // nock's replyWithError never settles a fetch, so a closed local port produces the real socket error.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');
    const { hs, clock } = makeConnector(
      connection({ baseUrl: `http://127.0.0.1:${port}`, allowLocalhost: true }),
    );
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect([err.kind, err.code, err.retryable]).toEqual(['transient', 'HUBSPOT_NETWORK', true]);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(hs.usage()).toMatchObject({ totalCalls: 5, retries: 4 });
  });

  it('a response of the wrong shape is a config error, not a crash deeper in', async () => {
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(200, { results: [{ name: 42 }] }, RATE_HEADERS);
    const { hs } = makeConnector();
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect([err.kind, err.code]).toEqual(['config', 'HUBSPOT_BAD_RESPONSE']);
    expect(err.message).toBe(
      `HubSpot GET ${PROPS_PATH} answered an unexpected shape: results.0.name: Invalid input: expected string, received number; results.0.label: Invalid input: expected string, received undefined; results.0.type: Invalid input: expected string, received undefined (and 1 more)`,
    );
  });
});

describe('429s', () => {
  const tenSecondly = {
    status: 'error',
    message: 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId,
    policyName: 'TEN_SECONDLY_ROLLING',
    groupName: 'publicapi:private_app-api-calls-ten-secondly:1:2',
  };

  it('TEN_SECONDLY_ROLLING without Retry-After waits for the 10-s window, then succeeds', async () => {
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(429, tenSecondly, JSON_HEADERS)
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, RATE_HEADERS);
    const { hs, clock } = makeConnector();
    const start = clock.ms;
    await hs.describe('contact', { fresh: true });
    expect(clock.ms - start).toBeGreaterThanOrEqual(10_000);
    expect(hs.usage()).toMatchObject({ http429: 1, retries: 1, totalCalls: 2 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const at = new Date(NOW.getTime() + 4000).toUTCString();
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(429, tenSecondly, { ...JSON_HEADERS, 'Retry-After': at })
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, RATE_HEADERS);
    const { hs, clock } = makeConnector();
    await hs.describe('contact', { fresh: true });
    expect(clock.ms - NOW.getTime()).toBeGreaterThanOrEqual(4000);
    expect(clock.ms - NOW.getTime()).toBeLessThan(10_000);
  });

  it('search secondly limit waits about a second', async () => {
    const secondly = {
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
    };
    nock(BASE)
      .post('/crm/v3/objects/contacts/search')
      .reply(429, secondly, JSON_HEADERS)
      .post('/crm/v3/objects/contacts/search')
      .reply(200, { total: 0, results: [] }, JSON_HEADERS)
      .get('/crm/v3/objects/contacts')
      .query(true)
      .reply(200, { results: [] }, RATE_HEADERS);
    const { hs, clock } = makeConnector();
    const cursor = Buffer.from(
      JSON.stringify({ v: 1, phase: 'done', hi: NOW.getTime() - 60_000, seen: [] }),
    ).toString('base64url');
    for await (const page of hs.pullChanges('contact', cursor, { signpost: NOW })) void page;
    expect(clock.ms - NOW.getTime()).toBeGreaterThanOrEqual(1000);
    expect(clock.ms - NOW.getTime()).toBeLessThan(2000);
    expect(hs.usage().http429).toBe(1);
  });

  it('DAILY is not retried: rate_limited with retryAfterMs to the next window, and later calls fail fast', async () => {
    const daily = {
      status: 'error',
      message: 'You have reached your daily limit.',
      errorType: 'RATE_LIMIT',
      correlationId,
      policyName: 'DAILY',
    };
    const scope = nock(BASE).get(PROPS_PATH).query(true).reply(429, daily, JSON_HEADERS);
    const { hs } = makeConnector();
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect(scope.isDone()).toBe(true);
    expect([err.kind, err.code]).toEqual(['rate_limited', 'HUBSPOT_RATE_LIMIT_DAILY']);
    expect(err.retryAfterMs).toBe(12 * 3600_000);
    const again = await failure(hs.describe('contact', { fresh: true }));
    expect([again.kind, again.code]).toEqual(['rate_limited', 'HUBSPOT_DAILY_LIMIT']);
    expect(hs.usage().totalCalls).toBe(1);
  });

  it('stops before eating the daily reserve left for other integrations', async () => {
    // 1,000 a day, 20 % reserved: the call that leaves exactly 200 is fine, the next one is not made.
    const low = (left: number) => ({
      ...RATE_HEADERS,
      'X-HubSpot-RateLimit-Daily': '1000',
      'X-HubSpot-RateLimit-Daily-Remaining': String(left),
    });
    nock(BASE)
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, low(201))
      .get(PROPS_PATH)
      .query(true)
      .reply(200, ok, low(200));
    const { hs, clock } = makeConnector();
    await hs.describe('contact', { fresh: true });
    await hs.describe('contact', { fresh: true });
    const err = await failure(hs.describe('contact', { fresh: true }));
    expect([err.kind, err.code]).toEqual(['rate_limited', 'HUBSPOT_DAILY_RESERVE']);
    expect(err.message).toContain('reserved for other integrations');
    expect(clock.sleeps).toEqual([]);
    expect(err.retryAfterMs).toBe(12 * 3600_000);
    expect(hs.usage()).toMatchObject({ totalCalls: 2, quota: { dailyLimit: 1000, dailyUsed: 800 } });
  });
});
