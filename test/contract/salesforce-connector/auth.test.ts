import { createVerify } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { jwtAudience } from '../../../connectors/salesforce/auth.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import {
  INSTANCE,
  KEYS,
  LIMIT_HEADER,
  LOGIN,
  TOKEN,
  V,
  captureLogger,
  jwtClaims,
  jwtConnection,
  refreshConnection,
} from './helpers.ts';

const LIMITS = { DailyApiRequests: { Max: 100000, Remaining: 99900 } };
const NOW = new Date('2026-03-01T12:00:00.000Z');

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('JWT bearer flow', () => {
  it('posts grant_type + a signed RS256 assertion (iss, sub, aud, short exp) and nothing else', async () => {
    let form: URLSearchParams | undefined;
    const token = nock(LOGIN)
      .post('/services/oauth2/token', (body: string) => {
        form = new URLSearchParams(body);
        return true;
      })
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, TOKEN);
    const api = nock(INSTANCE)
      .get(`${V}/limits`)
      .matchHeader('authorization', `Bearer ${TOKEN.access_token}`)
      .reply(200, LIMITS, LIMIT_HEADER);
    const { logger, text } = captureLogger();
    const sf = createSalesforceConnector(jwtConnection(), { logger, clock: () => NOW });
    await sf.check();
    expect(token.isDone() && api.isDone()).toBe(true);
    expect([...(form?.keys() ?? [])].sort()).toEqual(['assertion', 'grant_type']);
    expect(form?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const assertion = form?.get('assertion') ?? '';
    const [h = '', c = '', sig = ''] = assertion.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(jwtClaims(assertion)).toEqual({
      iss: '3MVG9-consumer-key',
      sub: 'integration@acme.com',
      aud: 'https://login.salesforce.com',
      exp: NOW.getTime() / 1000 + 180,
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${h}.${c}`);
    expect(verifier.verify(KEYS.publicKey, Buffer.from(sig, 'base64url'))).toBe(true);
    // Neither the private key, the assertion nor the access token reach the log sink.
    expect(text()).not.toContain(TOKEN.access_token);
    expect(text()).not.toContain(assertion.slice(0, 40));
    expect(text()).not.toContain('PRIVATE KEY');
    expect(sf.usage().quota).toEqual({ dailyUsed: 100, dailyLimit: 100000 });
  });

  it('uses the My Domain / sandbox login URL for the token call and login/test as audience', async () => {
    expect(jwtAudience('https://acme.my.salesforce.com')).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://acme--uat.sandbox.my.salesforce.com')).toBe('https://test.salesforce.com');
    expect(jwtAudience('https://test.salesforce.com')).toBe('https://test.salesforce.com');
    expect(jwtAudience('http://127.0.0.1:4020')).toBe('http://127.0.0.1:4020');
    let aud: unknown;
    nock('https://acme--uat.sandbox.my.salesforce.com')
      .post('/services/oauth2/token', (body: string) => {
        aud = jwtClaims(new URLSearchParams(body).get('assertion') ?? '')['aud'];
        return true;
      })
      .reply(200, { ...TOKEN, instance_url: 'https://acme--uat.sandbox.my.salesforce.com' });
    nock('https://acme--uat.sandbox.my.salesforce.com').get(`${V}/limits`).reply(200, LIMITS, LIMIT_HEADER);
    const sf = createSalesforceConnector(
      jwtConnection({ loginUrl: 'https://acme--uat.sandbox.my.salesforce.com' }),
      {
        logger: captureLogger().logger,
      },
    );
    await sf.check();
    expect(aud).toBe('https://test.salesforce.com');
  });

  it('maps invalid_grant to an auth SyncError', async () => {
    nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
    const sf = createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger });
    const err = await sf.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect(err).toMatchObject({ kind: 'auth', code: 'SF_OAUTH_INVALID_GRANT' });
  });

  it('an assertion refused by an org 5 minutes ahead is sent once more, with exp in the org time', async () => {
    const orgNow = new Date(NOW.getTime() + 5 * 60_000);
    const exps: unknown[] = [];
    const claims = (body: string): boolean => {
      exps.push(jwtClaims(new URLSearchParams(body).get('assertion') ?? '')['exp']);
      return true;
    };
    nock(LOGIN)
      .post('/services/oauth2/token', claims)
      .reply(
        400,
        { error: 'invalid_grant', error_description: 'expired authorization code' },
        {
          Date: orgNow.toUTCString(),
        },
      )
      .post('/services/oauth2/token', claims)
      .reply(200, TOKEN, { Date: orgNow.toUTCString() });
    nock(INSTANCE).get(`${V}/limits`).reply(200, LIMITS, LIMIT_HEADER);
    const sf = createSalesforceConnector(jwtConnection(), {
      logger: captureLogger().logger,
      clock: () => NOW,
    });
    await sf.check();
    expect(exps).toEqual([NOW.getTime() / 1000 + 180, orgNow.getTime() / 1000 + 180]);
  });

  it('an assertion refused by an org on the same clock is not sent again', async () => {
    const token = nock(LOGIN).post('/services/oauth2/token').reply(
      400,
      { error: 'invalid_grant', error_description: 'expired authorization code' },
      {
        Date: NOW.toUTCString(),
      },
    );
    const sf = createSalesforceConnector(jwtConnection(), {
      logger: captureLogger().logger,
      clock: () => NOW,
    });
    const err = await sf.check().catch((e: unknown) => e);
    expect(token.isDone()).toBe(true);
    expect(err).toMatchObject({ kind: 'auth', code: 'SF_OAUTH_INVALID_GRANT' });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('refresh-token flow', () => {
  it('posts grant_type=refresh_token with client id and secret', async () => {
    let form: Record<string, string> = {};
    nock(LOGIN)
      .post('/services/oauth2/token', (body: string) => {
        form = Object.fromEntries(new URLSearchParams(body));
        return true;
      })
      .reply(200, { ...TOKEN, signature: 'sig', issued_at: '1700000000000' });
    nock(INSTANCE).get(`${V}/limits`).reply(200, LIMITS, LIMIT_HEADER);
    const sf = createSalesforceConnector(refreshConnection(), { logger: captureLogger().logger });
    await sf.check();
    expect(form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-token-1',
      client_id: 'client-id-1',
      client_secret: 'client-secret-1',
    });
  });

  it('hands a rotated refresh token to onRefreshToken before using it, and refreshes with it next time', async () => {
    const events: string[] = [];
    const expired = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    for (const n of [1, 2]) {
      nock(LOGIN)
        .post(
          '/services/oauth2/token',
          (body: string) => new URLSearchParams(body).get('refresh_token') === `refresh-token-${n}`,
        )
        .reply(() => {
          events.push(`token:${n}`);
          return [200, { ...TOKEN, access_token: `access-${n}`, refresh_token: `refresh-token-${n + 1}` }];
        });
    }
    nock(INSTANCE)
      .get(`${V}/limits`)
      .matchHeader('authorization', 'Bearer access-1')
      .reply(() => {
        events.push('call:access-1');
        return [401, expired];
      })
      .get(`${V}/limits`)
      .matchHeader('authorization', 'Bearer access-2')
      .reply(() => {
        events.push('call:access-2');
        return [200, LIMITS, LIMIT_HEADER];
      });
    const sf = createSalesforceConnector(refreshConnection(), {
      logger: captureLogger().logger,
      onRefreshToken: async (t) => {
        events.push(`store:${t}`);
      },
    });
    await sf.check();
    expect(events).toEqual([
      'token:1',
      'store:refresh-token-2',
      'call:access-1',
      'token:2',
      'store:refresh-token-3',
      'call:access-2',
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('session expiry', () => {
  it('ten concurrent INVALID_SESSION_ID answers cause exactly one refresh, then every request replays once', async () => {
    let minted = 0;
    nock(LOGIN)
      .post('/services/oauth2/token')
      .times(2)
      .reply(() => [200, { ...TOKEN, access_token: `access-${++minted}` }]);
    const expired = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    const first = nock(INSTANCE)
      .get(`${V}/limits`)
      .matchHeader('authorization', 'Bearer access-1')
      .reply(200, LIMITS, LIMIT_HEADER);
    const { logger, text } = captureLogger();
    const sf = createSalesforceConnector(jwtConnection(), { logger });
    await sf.check();
    expect(first.isDone()).toBe(true);
    // The session now expires: ten calls in flight all get 401 before anyone has refreshed.
    const stale = nock(INSTANCE)
      .get(`${V}/limits`)
      .matchHeader('authorization', 'Bearer access-1')
      .times(10)
      .delay(30)
      .reply(401, expired);
    const fresh = nock(INSTANCE)
      .get(`${V}/limits`)
      .matchHeader('authorization', 'Bearer access-2')
      .times(10)
      .reply(200, LIMITS, LIMIT_HEADER);
    await Promise.all(Array.from({ length: 10 }, () => sf.check()));
    expect(minted).toBe(2);
    expect(sf.tokensMinted).toBe(2);
    expect(stale.isDone() && fresh.isDone()).toBe(true);
    expect(sf.usage().calls).toMatchObject({ oauth: 2, limits: 21 });
    expect(text()).not.toContain('access-2');
  });

  it('a session that keeps being rejected ends as an auth error, not a refresh loop', async () => {
    let minted = 0;
    nock(LOGIN)
      .post('/services/oauth2/token')
      .times(10)
      .reply(() => [200, { ...TOKEN, access_token: `access-${++minted}` }]);
    nock(INSTANCE)
      .get(`${V}/limits`)
      .times(20)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const sf = createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger });
    const err = await sf.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth' });
    expect(minted).toBeLessThanOrEqual(4);
  });
});
