import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  localTime,
  resolveBusinessHours,
  zonedTimeToUtc,
} from '../../../src/stages/business-hours.ts';
import type { BusinessHours } from '../../../src/stages/schema.ts';

const berlin: BusinessHours = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };
const utc = resolveBusinessHours(true);
const iso = (d: Date): string => d.toISOString();

describe('time zones through Intl', () => {
  it.each([
    ['Berlin winter', 2026, 1, 15, 9, 'Europe/Berlin', '2026-01-15T08:00:00.000Z'],
    ['Berlin summer', 2026, 7, 15, 9, 'Europe/Berlin', '2026-07-15T07:00:00.000Z'],
    ['New York winter', 2026, 1, 15, 9, 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ['Kolkata (+5:30)', 2026, 1, 15, 9, 'Asia/Kolkata', '2026-01-15T03:30:00.000Z'],
    ['hour 24 is the next midnight', 2026, 1, 15, 24, 'Europe/Berlin', '2026-01-15T23:00:00.000Z'],
    ['day overflow', 2026, 1, 32, 0, 'UTC', '2026-02-01T00:00:00.000Z'],
    ['Berlin, first hour after spring-forward', 2026, 3, 29, 3, 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
  ])('%s', (_label, y, m, d, h, zone, expected) => {
    expect(new Date(zonedTimeToUtc(y, m, d, h, zone)).toISOString()).toBe(expected);
  });

  it('reads the local wall clock', () => {
    expect(localTime(Date.parse('2026-07-15T22:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 7,
      day: 16,
      hour: 0,
      minute: 30,
      second: 0,
    });
  });
});

describe('addBusinessHours', () => {
  it.each([
    ['inside one day', '2026-11-02T08:00:00Z', 4, berlin, '2026-11-02T12:00:00.000Z'],
    ['to the end of the day exactly', '2026-11-02T08:00:00Z', 8, berlin, '2026-11-02T16:00:00.000Z'],
    ['over the night', '2026-11-02T15:00:00Z', 2, berlin, '2026-11-03T09:00:00.000Z'],
    [
      '24 h from Monday 09:00 is Wednesday 17:00',
      '2026-11-02T08:00:00Z',
      24,
      berlin,
      '2026-11-04T16:00:00.000Z',
    ],
    ['over the weekend', '2026-11-06T15:00:00Z', 2, berlin, '2026-11-09T09:00:00.000Z'],
    ['from a Saturday', '2026-11-07T12:00:00Z', 1, berlin, '2026-11-09T09:00:00.000Z'],
    ['from before opening', '2026-11-02T05:00:00Z', 1, berlin, '2026-11-02T09:00:00.000Z'],
    ['from after closing', '2026-11-02T18:00:00Z', 1, berlin, '2026-11-03T09:00:00.000Z'],
    ['across spring-forward (CET → CEST)', '2026-03-27T15:00:00Z', 2, berlin, '2026-03-30T08:00:00.000Z'],
    ['across fall-back (CEST → CET)', '2026-10-23T14:00:00Z', 2, berlin, '2026-10-26T09:00:00.000Z'],
    ['a fractional hour', '2026-11-02T08:00:00Z', 0.5, berlin, '2026-11-02T08:30:00.000Z'],
    [
      '`businessHours: true` is Monday-Friday 9-17 UTC',
      '2026-11-06T16:00:00Z',
      2,
      utc,
      '2026-11-09T10:00:00.000Z',
    ],
    [
      'a weekend-only desk until midnight',
      '2026-11-02T08:00:00Z',
      3,
      { timezone: 'UTC', days: [0, 6], startHour: 22, endHour: 24 },
      '2026-11-08T23:00:00.000Z',
    ],
  ])('%s', (_label, start, hours, bh, expected) => {
    if (bh === undefined) throw new Error('business hours expected');
    expect(iso(addBusinessHours(new Date(start), hours, bh))).toBe(expected);
  });

  it('is off when businessHours is false', () => {
    expect(resolveBusinessHours(false)).toBeUndefined();
  });

  it('always lands inside working hours, later for more hours, and never sooner than plain hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2028-01-01') }),
        fc.double({ min: 0.25, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'),
        (start, hours, extra, timezone) => {
          const bh = { ...berlin, timezone };
          const due = addBusinessHours(new Date(start), hours, bh).getTime();
          const local = localTime(due, timezone);
          const minutes = local.hour * 60 + local.minute;
          expect(minutes).toBeGreaterThanOrEqual(9 * 60);
          expect(minutes).toBeLessThanOrEqual(17 * 60);
          expect(due - start).toBeGreaterThanOrEqual(hours * 3_600_000 - 1);
          expect(addBusinessHours(new Date(start), hours + extra, bh).getTime()).toBeGreaterThanOrEqual(due);
        },
      ),
      { numRuns: 300 },
    );
  });
});
