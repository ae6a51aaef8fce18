import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { parseLimitInfo } from '../../../connectors/salesforce/quota.ts';
import { INSTANCE, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

const LIMITS = { DailyApiRequests: { Max: 100000, Remaining: 50000 } };
const usage = (used: number) => ({
  'Sforce-Limit-Info': `api-usage=${used}/100000; api-bursts=1/750`,
  'Content-Type': 'application/json',
});

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('quota guard', () => {
  it('parses Sforce-Limit-Info with and without api-bursts', () => {
    expect(parseLimitInfo('api-usage=10018/100000')).toEqual({ used: 10018, limit: 100000 });
    expect(parseLimitInfo('api-usage=1/15000; api-bursts=1/750')).toEqual({ used: 1, limit: 15000 });
    expect(parseLimitInfo(undefined)).toBeUndefined();
  });

  it('stops before the next call past dailyBudgetShare, says so, and probes again one window later', async () => {
    let now = new Date('2026-03-01T12:00:00.000Z');
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    const limits = nock(INSTANCE).get(`${V}/limits`).reply(200, LIMITS, usage(80_001));
    const sf = createSalesforceConnector(jwtConnection(), {
      logger: captureLogger().logger,
      clock: () => now,
    });
    await sf.check();
    expect(limits.isDone()).toBe(true);
    // No interceptor for the next call: the guard must refuse before anything leaves.
    const err = await sf.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', code: 'SF_BUDGET_EXCEEDED', retryAfterMs: 3_600_000 });
    expect((err as Error).message).toMatch(/80001\/100000 calls used and leadloop stops at 80%/);
    now = new Date(now.getTime() + 30 * 60_000);
    expect(await sf.check().catch((e: unknown) => e)).toMatchObject({
      code: 'SF_BUDGET_EXCEEDED',
      retryAfterMs: 1_800_000,
    });

    // One window later a single probe goes out; usage rolled off, so work resumes.
    now = new Date(now.getTime() + 30 * 60_000);
    nock(INSTANCE)
      .get(`${V}/limits`)
      .reply(200, { DailyApiRequests: { Max: 100000, Remaining: 60000 } }, usage(40_000));
    await sf.check();
    nock(INSTANCE).get(`${V}/limits`).reply(200, LIMITS, usage(40_001));
    await sf.check();
    expect(sf.usage()).toMatchObject({
      calls: { oauth: 1, limits: 3 },
      totalCalls: 4,
      quota: { dailyUsed: 40_001, dailyLimit: 100000 },
    });
  });

  it('a probe that still finds usage high blocks for another window', async () => {
    let now = new Date('2026-03-01T12:00:00.000Z');
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    nock(INSTANCE).get(`${V}/limits`).twice().reply(200, LIMITS, usage(95_000));
    const sf = createSalesforceConnector(jwtConnection({ dailyBudgetShare: 0.9 }), {
      logger: captureLogger().logger,
      clock: () => now,
    });
    await sf.check();
    await expect(sf.check()).rejects.toMatchObject({ code: 'SF_BUDGET_EXCEEDED' });
    now = new Date(now.getTime() + 3_600_000);
    await sf.check(); // the probe
    await expect(sf.check()).rejects.toMatchObject({ code: 'SF_BUDGET_EXCEEDED', retryAfterMs: 3_600_000 });
  });
});
