import { createSign } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { TestClock, api, connect, startSf } from './sandbox-helpers.ts';

function jwt(
  sb: RunningSalesforceSandbox,
  claims: Partial<Record<'iss' | 'sub' | 'aud' | 'exp', string | number>> = {},
  key = sb.privateKeyPem,
): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'RS256' })}.${enc({ iss: sb.clientId, sub: sb.username, aud: sb.loginUrl, exp: Math.floor(Date.now() / 1000) + 180, ...claims })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key, 'base64url')}`;
}

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function token(sb: RunningSalesforceSandbox, form: Record<string, string>) {
  const res = await fetch(`${sb.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('OAuth, session expiry and the daily API limit', () => {
  let sb: RunningSalesforceSandbox;
  afterEach(() => sb.close());

  it('logs in with a JWT bearer assertion signed with privateKeyPem (jsforce authorize)', async () => {
    sb = await startSf({ leads: 2 });
    const conn = new Connection({ loginUrl: sb.loginUrl, version: '62.0' });
    const user = await conn.authorize({ grant_type: JWT_GRANT, assertion: jwt(sb) });
    expect(conn.instanceUrl).toBe(sb.instanceUrl);
    expect(user.organizationId).toMatch(/^00D/);
    expect(user.id).toBe(sb.store.integrationUserId);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(2);
    const identity = await conn.identity();
    expect(identity).toMatchObject({ username: sb.username, user_id: user.id });
    expect(sb.stats().byEndpoint['oauth.token']).toBe(1);
  });

  it('answers invalid_grant / invalid_client_id for bad assertions', async () => {
    sb = await startSf();
    const other = await startSf();
    try {
      const cases: Array<[string, string, string]> = [
        [jwt(sb, {}, other.privateKeyPem), 'invalid_grant', 'invalid assertion'],
        [jwt(sb, { iss: 'someone-else' }), 'invalid_client_id', 'client identifier invalid'],
        [jwt(sb, { aud: 'https://login.salesforce.com' }), 'invalid_grant', 'audience is invalid'],
        [jwt(sb, { sub: 'nobody@example.com' }), 'invalid_grant', "user hasn't approved this consumer"],
        [jwt(sb, { exp: Math.floor(Date.now() / 1000) - 10 }), 'invalid_grant', 'expired authorization code'],
        ['not.a.jwt', 'invalid_grant', 'invalid assertion'],
      ];
      for (const [assertion, error, description] of cases) {
        expect(await token(sb, { grant_type: JWT_GRANT, assertion })).toEqual({
          status: 400,
          body: { error, error_description: description },
        });
      }
    } finally {
      await other.close();
    }
  });

  it('refreshes once and replays when the access token expires mid-run', async () => {
    const clock = new TestClock();
    sb = await startSf({ leads: 3 }, { clock: clock.now, accessTokenTtlSeconds: 7200 });
    const conn = new Connection({
      instanceUrl: sb.instanceUrl,
      accessToken: sb.issueAccessToken(),
      refreshToken: sb.refreshToken,
      oauth2: { clientId: sb.clientId, clientSecret: sb.clientSecret, loginUrl: sb.loginUrl },
      version: '62.0',
    });
    const refreshed: string[] = [];
    conn.on('refresh', (t: string) => refreshed.push(t));
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(3);
    clock.advance(7200 * 1000);
    sb.resetStats();
    const [a, b, c] = await Promise.all([
      conn.query('SELECT Id FROM Lead'),
      conn.describe('Lead'),
      conn.limits(),
    ]);
    expect(a.totalSize).toBe(3);
    expect(b.name).toBe('Lead');
    expect(c.DailyApiRequests?.Max).toBe(100_000);
    expect(refreshed).toHaveLength(1);
    const stats = sb.stats();
    expect(stats.byEndpoint['oauth.token']).toBe(1);
    expect(stats.errors4xx).toBe(3);
  });

  it('rotates refresh tokens when asked: the old one stops working', async () => {
    sb = await startSf({}, { rotateRefreshTokens: true });
    const first = await token(sb, {
      grant_type: 'refresh_token',
      refresh_token: sb.refreshToken,
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token_type: 'Bearer',
      instance_url: sb.instanceUrl,
      refresh_token: expect.any(String),
      signature: expect.any(String),
      issued_at: expect.any(String),
    });
    expect(first.body['id']).toMatch(/\/id\/00D[A-Za-z0-9]{15}\/005[A-Za-z0-9]{15}$/);
    const reuse = await token(sb, {
      grant_type: 'refresh_token',
      refresh_token: sb.refreshToken,
      client_id: sb.clientId,
    });
    expect(reuse).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' },
    });
    const next = await token(sb, {
      grant_type: 'refresh_token',
      refresh_token: first.body['refresh_token'] as string,
      client_id: sb.clientId,
    });
    expect(next.status).toBe(200);
    const wrongSecret = await token(sb, {
      grant_type: 'refresh_token',
      refresh_token: next.body['refresh_token'] as string,
      client_id: sb.clientId,
      client_secret: 'x',
    });
    expect(wrongSecret.body).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
  });

  it('answers 401 INVALID_SESSION_ID for unknown tokens, without counting them against the limit', async () => {
    sb = await startSf();
    const res = await api(sb, '/limits', {}, 'bogus');
    expect(res).toMatchObject({
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    });
    await expect(connect(sb, 'bogus').query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    expect((await api(sb, '/limits')).headers.get('sforce-limit-info')).toBe('api-usage=1/100000');
  });

  it('stops at the daily allocation with 403 REQUEST_LIMIT_EXCEEDED and resets the next day', async () => {
    const clock = new TestClock('2026-03-01T23:00:00.000Z');
    sb = await startSf({ leads: 1 }, { dailyApiLimit: 5, clock: clock.now });
    const conn = connect(sb);
    for (let i = 0; i < 5; i++) await conn.query('SELECT Id FROM Lead');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 5, limit: 5 });
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    const raw = await api(sb, '/limits');
    expect(raw.status).toBe(403);
    expect(raw.headers.get('retry-after')).toBeNull();
    expect(raw.headers.get('sforce-limit-info')).toBe('api-usage=5/5');
    clock.advance(3600 * 1000);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(1);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 5 });
  });

  it('injects latency and 503s, which jsforce retries for GETs', async () => {
    sb = await startSf({ leads: 1 }, { faults: { errorRate5xx: 1, seed: 3 } });
    const res = await api(sb, '/limits');
    expect(res).toMatchObject({ status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE' }] });
    sb.setFaults({ latencyMs: 120 });
    const t = performance.now();
    await api(sb, '/limits');
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
    expect(sb.stats().http5xx).toBe(1);
  });
});
