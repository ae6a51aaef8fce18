import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotTokens } from '../../../connectors/hubspot/index.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { BASE, JSON_HEADERS, RATE_HEADERS, connection, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const OAUTH = { clientId: 'client-id-1', clientSecret: 'client-secret-shh', refreshToken: 'refresh-1' };
const oauthConnection = () => connection({ accessToken: undefined, oauth: OAUTH, tier: 'public-app' });
const tokenReply = (n: number) => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n + 1}`,
  expires_in: 1800,
  token_type: 'bearer',
  token_use: 'access_token',
});
const PROPS = '/crm/v3/properties/contacts';

describe('OAuth access + refresh', () => {
  it('refreshes with the form-encoded refresh grant, uses the new token, and hands rotated tokens to onTokens', async () => {
    const forms: URLSearchParams[] = [];
    const scope = nock(BASE)
      .post('/oauth/v1/token', (body: string) => {
        forms.push(new URLSearchParams(body));
        return true;
      })
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, tokenReply(1), JSON_HEADERS)
      .get(PROPS)
      .query(true)
      .matchHeader('authorization', 'Bearer access-1')
      .reply(200, { results: [] }, RATE_HEADERS);
    const stored: HubSpotTokens[] = [];
    const { hs, logs } = makeConnector(oauthConnection(), { onTokens: async (t) => void stored.push(t) });
    await hs.describe('contact', { fresh: true });
    expect(scope.isDone()).toBe(true);
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-id-1',
      client_secret: 'client-secret-shh',
      refresh_token: 'refresh-1',
    });
    expect(stored).toEqual([
      { accessToken: 'access-1', refreshToken: 'refresh-2', expiresAt: '2026-03-02T12:30:00.000Z' },
    ]);
    expect(hs.usage().calls).toEqual({ oauth: 1, properties: 1 });
    for (const secret of ['access-1', 'refresh-1', 'refresh-2', 'client-secret-shh'])
      expect(logs.text()).not.toContain(secret);
  });

  it('refreshes proactively at expires_in − margin, once for ten concurrent calls, with the rotated refresh token', async () => {
    const refreshTokens: string[] = [];
    nock(BASE)
      .post('/oauth/v1/token', (body: string) => {
        const token = new URLSearchParams(body).get('refresh_token');
        if (token) refreshTokens.push(token);
        return true;
      })
      .times(2)
      .reply(() => [200, tokenReply(refreshTokens.length), JSON_HEADERS])
      .get(PROPS)
      .query(true)
      .times(12)
      .reply(200, { results: [] }, RATE_HEADERS);
    const { hs, clock } = makeConnector(oauthConnection());
    await hs.describe('contact', { fresh: true });
    // 26 minutes later the token has 4 minutes left, inside the 5-minute margin: ten calls, one refresh.
    clock.ms += 26 * 60_000;
    await Promise.all(Array.from({ length: 10 }, () => hs.describe('contact', { fresh: true })));
    await hs.describe('contact', { fresh: true });
    expect(refreshTokens).toEqual(['refresh-1', 'refresh-2']);
    expect(hs.usage().calls).toEqual({ oauth: 2, properties: 12 });
    expect(hs.usage().http429).toBe(0);
  });

  it('a 401 on a live token refreshes once and replays once', async () => {
    nock(BASE)
      .post('/oauth/v1/token')
      .reply(200, tokenReply(1), JSON_HEADERS)
      .get(PROPS)
      .query(true)
      .matchHeader('authorization', 'Bearer access-1')
      .reply(401, { status: 'error', message: 'expired', category: 'INVALID_AUTHENTICATION' }, JSON_HEADERS)
      .post('/oauth/v1/token')
      .reply(200, tokenReply(2), JSON_HEADERS)
      .get(PROPS)
      .query(true)
      .matchHeader('authorization', 'Bearer access-2')
      .reply(200, { results: [] }, RATE_HEADERS);
    const { hs } = makeConnector(oauthConnection());
    await expect(hs.describe('contact', { fresh: true })).resolves.toEqual([]);
    expect(hs.usage()).toMatchObject({ calls: { oauth: 2, properties: 2 }, retries: 1 });
  });

  it('a rejected refresh token is an auth error, not retried', async () => {
    const scope = nock(BASE)
      .post('/oauth/v1/token')
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' }, JSON_HEADERS);
    const { hs } = makeConnector(oauthConnection());
    const err = await hs.describe('contact', { fresh: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(scope.isDone()).toBe(true);
    expect(err).toBeInstanceOf(SyncError);
    expect([(err as SyncError).kind, (err as SyncError).code]).toEqual(['auth', 'HUBSPOT_REFRESH_REJECTED']);
  });
});
