import { describe, expect, it } from 'vitest';
import {
  HubSpotRateLimiter,
  TIER_LIMITS,
  msToNextMidnight,
  msToNextUtcMidnight,
} from '../../../connectors/hubspot/rate-limiter.ts';
import { decideRetry, isIdempotent, parseRetryAfter } from '../../../connectors/hubspot/retry.ts';
import { HubSpotHttpError, NonJsonBody } from '../../../connectors/hubspot/errors.ts';
import { FakeClock, NOW, connection } from './helpers.ts';

function limiter(conn = connection()) {
  const clock = new FakeClock();
  return { l: new HubSpotRateLimiter(conn, { now: () => clock.ms, sleep: clock.sleep }), clock };
}

describe('rate limiter', () => {
  it('sizes the rolling 10-s window from the tier and never sends more than it allows', async () => {
    const { l, clock } = limiter();
    const start = clock.ms;
    const sentAt: number[] = [];
    for (let i = 0; i < 400; i++) {
      await l.acquire('standard');
      sentAt.push(clock.ms);
    }
    // Professional: 190 per 10 s with 5 % headroom → 180; any 10-s span holds at most 180 sends.
    for (let i = 180; i < sentAt.length; i++)
      expect((sentAt[i] ?? 0) - (sentAt[i - 180] ?? 0)).toBeGreaterThanOrEqual(10_000);
    expect(clock.ms - start).toBeGreaterThanOrEqual(20_000);
    expect(TIER_LIMITS['public-app']).toEqual({ tenSecondMax: 110, dailyMax: undefined });
  });

  it('keeps search at the configured per-second rate, separately from the 10-s window', async () => {
    const { l, clock } = limiter();
    const start = clock.ms;
    for (let i = 0; i < 11; i++) await l.acquire('search');
    expect(clock.ms - start).toBeGreaterThanOrEqual(2000);
    expect(clock.ms - start).toBeLessThan(3000);
    const before = clock.ms;
    await l.acquire('standard');
    expect(clock.ms).toBe(before);
  });

  it('pauses for a full interval when the headers say the window is used up by someone else', async () => {
    const { l, clock } = limiter();
    await l.observe(
      new Headers({
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '0',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
      }),
    );
    const start = clock.ms;
    await l.acquire('standard');
    expect(clock.ms - start).toBe(10_000);
    expect(l.quota()).toMatchObject({ windowMax: 100, windowRemaining: 0 });
  });

  it('public OAuth apps have no daily cap: no reserve check without daily figures', async () => {
    const { l } = limiter(connection({ tier: 'public-app' }));
    for (let i = 0; i < 50; i++) await l.acquire('standard');
    expect(l.quota()).toEqual({ windowMax: 110 });
  });

  it('next window is the next UTC midnight until the account’s time zone is known', () => {
    expect(msToNextUtcMidnight(NOW.getTime())).toBe(12 * 3600_000);
    expect(msToNextMidnight(NOW.getTime(), undefined)).toBe(12 * 3600_000);
  });

  it('next window is midnight in the account’s time zone', () => {
    // 12:00 UTC is 07:00 in US/Eastern (winter), 21:00 in Asia/Tokyo.
    expect(msToNextMidnight(NOW.getTime(), 'US/Eastern')).toBe(17 * 3600_000);
    expect(msToNextMidnight(NOW.getTime(), 'Asia/Tokyo')).toBe(3 * 3600_000);
    expect(msToNextMidnight(Date.parse('2026-03-02T04:59:59.250Z'), 'US/Eastern')).toBe(750);
    const { l } = limiter();
    l.setTimeZone('US/Eastern');
    expect(l.msToDailyReset(NOW.getTime())).toBe(17 * 3600_000);
    l.setTimeZone('Mars/Olympus_Mons');
    expect(l.msToDailyReset(NOW.getTime())).toBe(12 * 3600_000);
  });

  it('a quota reported spent holds until the account’s midnight, then calls go out again', async () => {
    const { l, clock } = limiter(connection({ limits: { searchPerSecond: 5, dailyReserve: 0 } }));
    l.setTimeZone('US/Eastern');
    await l.acquire('standard');
    await l.observe(
      new Headers({ 'x-hubspot-ratelimit-daily': '4', 'x-hubspot-ratelimit-daily-remaining': '0' }),
    );
    await expect(l.acquire('standard')).rejects.toMatchObject({ code: 'HUBSPOT_DAILY_RESERVE' });
    clock.ms += 17 * 3600_000 - 1;
    await expect(l.acquire('standard')).rejects.toMatchObject({ code: 'HUBSPOT_DAILY_RESERVE' });
    // No call could report the new day's quota: the old day's count is dropped at its end instead.
    clock.ms += 1;
    await expect(l.acquire('standard')).resolves.toMatchObject({ bucket: 'standard' });
    expect(l.quota()).toMatchObject({ dailyLimit: 4, dailyUsed: 1 });
  });
});

describe('retry policy', () => {
  const err = (status: number, body: Record<string, unknown> = {}, retryAfterMs?: number) =>
    new HubSpotHttpError(status, body, 'GET', '/x', retryAfterMs);

  it('parses Retry-After as delta-seconds or HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW.getTime() + 2500).toUTCString(), NOW.getTime())).toBe(2000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('decides per failure kind, bounded', () => {
    expect(decideRetry(err(429, { policyName: 'TEN_SECONDLY_ROLLING' }), 1, 0)).toMatchObject({
      retry: true,
      delayMs: 10_000,
    });
    expect(decideRetry(err(429, { message: 'You have reached your secondly limit.' }), 1, 0)).toMatchObject({
      retry: true,
      delayMs: 1000,
    });
    expect(decideRetry(err(429, { policyName: 'DAILY' }), 1, 0)).toEqual({ retry: false });
    expect(decideRetry(err(423), 1, 0)).toMatchObject({ retry: true, delayMs: 2200 });
    expect(decideRetry(err(500), 3, 0)).toMatchObject({ retry: true, delayMs: 2000 });
    expect(decideRetry(err(500), 5, 0)).toMatchObject({ retry: false });
    expect(decideRetry(err(400), 1, 0)).toEqual({ retry: false });
    expect(decideRetry(err(503, {}, 120_000), 1, 0)).toEqual({ retry: false, retryAfterMs: 120_000 });
    // Jitter spreads retries of parallel workers.
    const a = decideRetry(err(502), 1, 0);
    const b = decideRetry(err(502), 1, 0.9);
    expect(a.retry && b.retry && b.delayMs > a.delayMs).toBe(true);
  });

  it('sends a call again after a reset only when sending it twice does what sending it once does', () => {
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(decideRetry(reset, 1, 0, true)).toMatchObject({ retry: true, delayMs: 500 });
    expect(decideRetry(reset, 1, 0, false)).toEqual({ retry: false });
    // Refused: the request never left, so even a create may go again.
    expect(decideRetry(refused, 1, 0, false)).toMatchObject({ retry: true });
  });

  it.each([
    ['GET', '/crm/v3/objects/contacts', true],
    ['PATCH', '/crm/v3/properties/contacts/leadloop_grade', true],
    ['POST', '/crm/v3/objects/contacts/search', true],
    ['POST', '/crm/v3/objects/contacts/batch/read', true],
    ['POST', '/crm/v3/objects/contacts/batch/update', true],
    ['POST', '/crm/v3/objects/contacts/batch/upsert', true],
    ['POST', '/crm/v3/objects/contacts/batch/create', false],
    ['POST', '/crm/v3/properties/contacts/batch/create', false],
    ['POST', '/crm/v3/properties/contacts/groups', false],
    ['POST', '/oauth/v1/token', false],
  ] as const)('%s %s is idempotent: %s', (method, path, expected) => {
    expect(isIdempotent({ method, path })).toBe(expected);
  });

  it('a request may say itself whether it is idempotent', () => {
    expect(isIdempotent({ method: 'POST', path: '/oauth/v1/token', idempotent: true })).toBe(true);
    expect(isIdempotent({ method: 'GET', path: '/x', idempotent: false })).toBe(false);
  });

  it('an answer that is not JSON keeps its content type and first bytes, line breaks folded', () => {
    const page = `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>${'x'.repeat(500)}</body></html>`;
    const body = new NonJsonBody('text/html', page);
    expect(body.head).toHaveLength(120);
    expect(body.describe()).toMatch(
      /^text\/html answer, not JSON: <html> <head><title>502 Bad Gateway<\/title><\/head> <body>x+$/,
    );
    expect(new NonJsonBody(null, 'oops').describe()).toBe('no content type answer, not JSON: oops');
  });
});
