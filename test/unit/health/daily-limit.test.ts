import { describe, expect, it } from 'vitest';
import {
  activeDailyLimitStops,
  dailyLimitStopOf,
  formatDailyLimitStop,
  recordDailyLimitStop,
  readDailyLimitAlerts,
} from '../../../src/health/daily-limit.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const HOURS_17 = 17 * 3_600_000;
const limited = (code: string, retryAfterMs?: number): SyncError =>
  new SyncError('rate_limited', code, 'limited', {}, retryAfterMs === undefined ? {} : { retryAfterMs });

describe('dailyLimitStopOf', () => {
  it.each([
    ['HUBSPOT_RATE_LIMIT_DAILY', HOURS_17],
    ['HUBSPOT_DAILY_LIMIT', HOURS_17],
    ['HUBSPOT_DAILY_RESERVE', HOURS_17],
  ])('%s is a HubSpot stop until now + retryAfterMs', (code, wait) => {
    expect(dailyLimitStopOf(limited(code, wait), NOW)).toEqual({
      crm: 'hubspot',
      code,
      reachedAt: '2026-03-02T12:00:00.000Z',
      resumesAt: '2026-03-03T05:00:00.000Z',
    });
  });

  it.each([
    ['a 10-s window 429', limited('HUBSPOT_RATE_LIMIT_TEN_SECONDLY', 10_000)],
    ['a daily code without a wait', limited('HUBSPOT_DAILY_LIMIT')],
    ['a transient failure', new SyncError('transient', 'HUBSPOT_HTTP_502', 'bad gateway')],
    ['a plain error', new Error('HUBSPOT_DAILY_LIMIT')],
  ])('%s is no stop', (_name, err) => {
    expect(dailyLimitStopOf(err, NOW)).toBeUndefined();
  });
});

describe('daily limit alerts', () => {
  const stop = (resumesAt: string, crm: 'hubspot' | 'salesforce' = 'hubspot') => ({
    crm,
    code: 'HUBSPOT_DAILY_LIMIT',
    reachedAt: NOW.toISOString(),
    resumesAt,
  });

  it('keeps one stop per CRM while its window lasts, the latest resume winning', () => {
    const stops = [
      stop('2026-03-03T05:00:00.000Z'),
      stop('2026-03-03T05:00:30.000Z'),
      stop('2026-03-02T11:00:00.000Z', 'salesforce'),
    ];
    expect(activeDailyLimitStops(stops, NOW)).toEqual([stop('2026-03-03T05:00:30.000Z')]);
    expect(activeDailyLimitStops(stops, new Date('2026-03-03T05:00:30.000Z'))).toEqual([]);
  });

  it('says what stopped, until when, and why then', () => {
    expect(formatDailyLimitStop(stop('2026-03-03T05:00:00.000Z'))).toMatchInlineSnapshot(
      `"HubSpot daily API limit reached (HUBSPOT_DAILY_LIMIT): no calls until 2026-03-03T05:00:00.000Z, when the quota resets at the account's midnight"`,
    );
  });

  it('records a stop once however many chunks meet it, and a new day’s stop again', async () => {
    const store = createMemoryStore();
    const first = dailyLimitStopOf(limited('HUBSPOT_RATE_LIMIT_DAILY', HOURS_17), NOW);
    const again = dailyLimitStopOf(
      limited('HUBSPOT_DAILY_LIMIT', HOURS_17 - 5_000),
      new Date(NOW.getTime() + 5_000),
    );
    if (!first || !again) throw new Error('expected stops');
    expect(await recordDailyLimitStop(store, first)).toBe(true);
    expect(await recordDailyLimitStop(store, again)).toBe(false);
    expect(await readDailyLimitAlerts(store, NOW)).toEqual([
      { ...first, message: formatDailyLimitStop(first) },
    ]);
    const tomorrow = new Date(NOW.getTime() + 24 * 3_600_000);
    const next = dailyLimitStopOf(limited('HUBSPOT_RATE_LIMIT_DAILY', 3_600_000), tomorrow);
    if (!next) throw new Error('expected a stop');
    expect(await readDailyLimitAlerts(store, tomorrow)).toEqual([]);
    expect(await recordDailyLimitStop(store, next)).toBe(true);
    expect((await readDailyLimitAlerts(store, tomorrow)).map((a) => a.resumesAt)).toEqual([next.resumesAt]);
  });
});
