/** Rate limits (10-second window, daily, search per second), injected faults, OAuth refresh and token expiry. */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hubSpotTierLimits,
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;
let now = new Date('2026-03-01T00:00:00.000Z');

function call(path: string, init: RequestInit = {}, token = sandbox.accessToken): Promise<Response> {
  return fetch(`${sandbox.baseUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
  });
}
const searchBody = JSON.stringify({ filterGroups: [], limit: 1 });

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    dataset: tinyDataset({ people: 5 }),
    clock: () => now,
    accessTokenTtlSeconds: 60,
  });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterAll(() => sandbox.close());

describe('rate limits', () => {
  it('publishes the documented tiers', () => {
    expect(hubSpotTierLimits('professional')).toEqual({
      tenSecondMax: 190,
      dailyMax: 625_000,
      searchPerSecond: 5,
      enabled: true,
    });
    expect(hubSpotTierLimits('public-app')).toMatchObject({ tenSecondMax: 110, dailyMax: 0 });
  });

  it('counts the rolling 10-second window in headers and answers 429 TEN_SECONDLY_ROLLING when it is full', async () => {
    sandbox.setLimits({ tenSecondMax: 3, dailyMax: 1_000, searchPerSecond: 5, enabled: true });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await call('/crm/v3/objects/contacts?limit=1');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('3');
      expect(res.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(res.headers.get('x-hubspot-ratelimit-daily')).toBe('1000');
      remaining.push(res.headers.get('x-hubspot-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await call('/crm/v3/objects/contacts?limit=1');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
      groupName: expect.stringContaining(`:${sandbox.appId}:${sandbox.portalId}`),
    });
    await expect(client.crm.contacts.basicApi.getPage(1)).rejects.toMatchObject({ code: 429 });
    expect(sandbox.stats().http429).toBe(2);
    sandbox.setLimits(null);
  });

  it('answers 429 DAILY once the daily quota is used', async () => {
    sandbox.setLimits({ tenSecondMax: 100, dailyMax: 2, searchPerSecond: 5, enabled: true });
    await call('/crm/v3/objects/contacts');
    const last = await call('/crm/v3/objects/contacts');
    expect(last.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    const limited = await call('/crm/v3/objects/contacts');
    expect(await limited.json()).toMatchObject({
      policyName: 'DAILY',
      message: 'You have reached your daily limit.',
    });
    sandbox.setLimits(null);
  });

  it('limits search to 5 per second with the secondly body and no rate-limit headers', async () => {
    sandbox.setLimits({ tenSecondMax: 100, dailyMax: 1_000, searchPerSecond: 5, enabled: true });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      const res = await call('/crm/v3/objects/contacts/search', { method: 'POST', body: searchBody });
      statuses.push(res.status);
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBeNull();
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await limited?.json()).toEqual({
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
    });
    sandbox.setLimits(null);
  });
});

describe('faults', () => {
  it('injects 5xx, 429 and 423 Locked (writes only) and latency', async () => {
    sandbox.resetStats();
    sandbox.setFaults({ errorRate5xx: 1 });
    expect([502, 503]).toContain((await call('/crm/v3/objects/contacts')).status);
    sandbox.setFaults({ rate429: 1 });
    expect((await call('/crm/v3/objects/contacts')).status).toBe(429);
    sandbox.setFaults({ lockedRate: 1 });
    expect((await call('/crm/v3/objects/contacts')).status).toBe(200);
    const locked = await call('/crm/v3/objects/contacts/batch/update', {
      method: 'POST',
      body: JSON.stringify({ inputs: [] }),
    });
    expect(locked.status).toBe(423);
    sandbox.setFaults({ latencyMs: 60 });
    const started = performance.now();
    await call('/crm/v3/objects/contacts');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    sandbox.setFaults(null);
    expect(sandbox.stats()).toMatchObject({ http5xx: 1, http429: 1, errors4xx: 1, totalCalls: 5 });
  });
});

describe('limits per app and per account day', () => {
  let limited: RunningHubSpotSandbox;
  // 23:59:30 UTC on 28 February is 18:59:30 in the account's zone (US/Eastern, UTC-5 in winter).
  let limitsNow = Date.parse('2026-02-28T23:59:30.000Z');
  const list = (token: string): Promise<Response> =>
    fetch(`${limited.baseUrl}/crm/v3/objects/contacts?limit=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  const oauthToken = async (): Promise<string> => {
    const res = await fetch(`${limited.baseUrl}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: limited.clientId,
        client_secret: limited.clientSecret,
        refresh_token: limited.refreshToken,
      }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    limited = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 2 }),
      clock: () => now,
      limitsClock: () => limitsNow,
    });
  });
  afterAll(() => limited.close());

  it('counts one 10-second window for every token of one app', async () => {
    limited.setLimits({ tenSecondMax: 4, dailyMax: 1_000, searchPerSecond: 5, enabled: true });
    const oauth = await oauthToken();
    const remaining: Array<string | null> = [];
    for (const token of [limited.accessToken, oauth, limited.accessToken, oauth]) {
      const res = await list(token);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-hubspot-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expect((await list(oauth)).status).toBe(429);
    expect((await list(limited.accessToken)).status).toBe(429);
    limitsNow += 10_000;
    expect((await list(oauth)).status).toBe(200);
    limited.setLimits(null);
  });

  it('resets the daily quota at midnight in the account time zone, not at UTC midnight', async () => {
    const details = await fetch(`${limited.baseUrl}/account-info/v3/details`, {
      headers: { Authorization: `Bearer ${limited.accessToken}` },
    });
    expect(await details.json()).toMatchObject({ timeZone: 'US/Eastern' });
    limitsNow = Date.parse('2026-02-28T23:59:30.000Z');
    limited.setLimits({ tenSecondMax: 100, dailyMax: 2, searchPerSecond: 5, enabled: true });
    expect((await list(limited.accessToken)).status).toBe(200);
    expect((await list(limited.accessToken)).headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
    const daily = async (): Promise<unknown> => (await list(limited.accessToken)).json();
    expect(await daily()).toMatchObject({ policyName: 'DAILY' });
    limitsNow = Date.parse('2026-03-01T00:00:30.000Z'); // UTC's midnight has passed, the account's has not
    expect(await daily()).toMatchObject({ policyName: 'DAILY' });
    limitsNow = Date.parse('2026-03-01T04:59:59.999Z');
    expect(await daily()).toMatchObject({ policyName: 'DAILY' });
    limitsNow = Date.parse('2026-03-01T05:00:00.000Z'); // midnight in US/Eastern
    const fresh = await list(limited.accessToken);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('1');
    limited.setLimits(null);
  });
});

describe('edge faults', () => {
  it('bursts: a seeded run of consecutive 502/503/504, the same for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      sandbox.setFaults({ burstRate: 0.1, burstLength: 4, seed: 11 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await call('/crm/v3/objects/contacts?limit=1')).status);
      sandbox.setFaults(null);
      return statuses;
    };
    const statuses = await run();
    const runs = statuses
      .join(',')
      .split(/,?200,?/)
      .filter((r) => r !== '');
    expect(runs.length).toBeGreaterThan(0);
    for (const burst of runs) {
      const codes = burst.split(',').map(Number);
      expect(codes.length).toBeGreaterThanOrEqual(4);
      for (const code of codes) expect([502, 503, 504]).toContain(code);
    }
    expect(new Set(statuses.filter((s) => s !== 200)).size).toBeGreaterThan(1);
    expect(await run()).toEqual(statuses);
  });

  it('answers the edge’s HTML error page (text/html), not a JSON body', async () => {
    sandbox.setFaults({ htmlErrorRate: 1, seed: 3 });
    const res = await call('/crm/v3/objects/contacts?limit=1');
    sandbox.setFaults(null);
    expect([502, 504]).toContain(res.status);
    expect(res.headers.get('content-type')).toBe('text/html');
    const text = await res.text();
    expect(text).toMatch(
      /^<html>\r\n<head><title>50[24] Bad Gateway|^<html>\r\n<head><title>504 Gateway Time-out/,
    );
    expect(text).toContain('cloudflare');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('resets the connection mid-answer after the write was applied', async () => {
    const page = (await (await call('/crm/v3/objects/contacts?limit=1')).json()) as {
      results: Array<{ id: string }>;
    };
    const id = page.results[0]?.id ?? '';
    sandbox.resetStats();
    sandbox.setFaults({ resetRate: 1 });
    const cut = call('/crm/v3/objects/contacts/batch/update', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ id, properties: { firstname: 'AfterReset' } }] }),
    }).then((res) => res.text());
    const err = (await cut.then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { cause?: { code?: string } };
    sandbox.setFaults(null);
    expect(err).toBeInstanceOf(Error);
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(err.cause?.code ?? (err as { code?: string }).code);
    const read = (await (await call(`/crm/v3/objects/contacts/${id}?properties=firstname`)).json()) as {
      properties: { firstname: string };
    };
    expect(read.properties.firstname).toBe('AfterReset');
    expect(sandbox.stats()).toMatchObject({ resets: 1 });
  });

  it('spikes latency on the drawn share of calls', async () => {
    sandbox.setFaults({ latencySpikeRate: 1, latencySpikeMs: 150 });
    const started = performance.now();
    expect((await call('/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    sandbox.setFaults(null);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe('OAuth', () => {
  it('mints access tokens from the refresh token, expires them on the sandbox clock, and refreshes again', async () => {
    const token = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      sandbox.clientId,
      sandbox.clientSecret,
      sandbox.refreshToken,
    );
    expect(token).toMatchObject({ expiresIn: 60, refreshToken: sandbox.refreshToken, tokenType: 'bearer' });
    expect((await call('/crm/v3/objects/contacts', {}, token.accessToken)).status).toBe(200);
    now = new Date(now.getTime() + 61_000);
    const expired = await call('/crm/v3/objects/contacts', {}, token.accessToken);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
    const again = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      sandbox.clientId,
      sandbox.clientSecret,
      sandbox.refreshToken,
    );
    expect((await call('/crm/v3/objects/contacts', {}, again.accessToken)).status).toBe(200);
    sandbox.expireAccessTokens();
    expect((await call('/crm/v3/objects/contacts', {}, again.accessToken)).status).toBe(401);
  });

  it('with rotateRefreshTokens, answers each refresh with a new refresh token and retires the old one', async () => {
    const rotating = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 1 }),
      rotateRefreshTokens: true,
    });
    const refresh = (refreshToken: string) =>
      fetch(`${rotating.baseUrl}/oauth/v1/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: rotating.clientId,
          client_secret: rotating.clientSecret,
          refresh_token: refreshToken,
        }),
      });
    try {
      const first = (await (await refresh(rotating.refreshToken)).json()) as { refresh_token: string };
      expect(first.refresh_token).not.toBe(rotating.refreshToken);
      const reused = await refresh(rotating.refreshToken);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toMatchObject({ error: 'BAD_REFRESH_TOKEN' });
      expect((await refresh(first.refresh_token)).status).toBe(200);
    } finally {
      await rotating.close();
    }
  });

  it('rejects unknown refresh tokens and client secrets with a 400', async () => {
    await expect(
      client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        sandbox.clientId,
        sandbox.clientSecret,
        'nope',
      ),
    ).rejects.toMatchObject({ code: 400 });
    await expect(
      client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        sandbox.clientId,
        'bad',
        sandbox.refreshToken,
      ),
    ).rejects.toMatchObject({ code: 400 });
  });
});
