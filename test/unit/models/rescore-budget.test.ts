import { describe, expect, it } from 'vitest';
import {
  budgetDay,
  dailyAllowance,
  releaseWithinBudget,
  rescoreOrder,
  type RescoreEntry,
} from '../../../src/models/rescore-budget.ts';
import { forecastRescore } from '../../../src/models/rescore-forecast.ts';

const entry = (id: string, change: number, hubspot = 1, salesforce = 1): RescoreEntry => ({
  personId: id,
  change,
  records: { hubspot, salesforce },
});

describe('rescore budget', () => {
  it('orders biggest change first, then by person id', () => {
    const sorted = [entry('b', 5), entry('a', 5), entry('c', 40), entry('d', 0)].sort(rescoreOrder);
    expect(sorted.map((e) => e.personId)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('daily allowance is the budget share of each allocation; an unknown allocation does not limit', () => {
    expect(dailyAllowance(0.1, { hubspot: 625_000, salesforce: 100_000 })).toEqual({
      hubspot: 62_500,
      salesforce: 10_000,
    });
    expect(dailyAllowance(0.001, { hubspot: 1500 })).toEqual({
      hubspot: 1,
      salesforce: Number.POSITIVE_INFINITY,
    });
  });

  it('releases the longest prefix whose write calls fit every CRM', () => {
    const entries = Array.from({ length: 250 }, (_, i) => entry(`p${i}`, 250 - i));
    // 2 HubSpot calls of 100 records: 200 people; Salesforce (200 a call, 5 calls) does not bind.
    const r = releaseWithinBudget(entries, { hubspot: 2, salesforce: 5 }, { hubspot: 100, salesforce: 200 });
    expect(r).toEqual({
      count: 200,
      records: { hubspot: 200, salesforce: 200 },
      calls: { hubspot: 2, salesforce: 1 },
    });
  });

  it('counts duplicates and one-sided people by their records', () => {
    const entries = [entry('a', 9, 1, 3), entry('b', 8, 0, 1), entry('c', 7, 1, 0), entry('d', 6, 0, 1)];
    // a's three Salesforce records (a Lead with two duplicates) and b's one fill the call of 4; c has none.
    const r = releaseWithinBudget(entries, { hubspot: 9, salesforce: 1 }, { hubspot: 100, salesforce: 4 });
    expect(r.count).toBe(3);
    expect(r.records).toEqual({ hubspot: 2, salesforce: 4 });
    expect(
      releaseWithinBudget(entries, { hubspot: 9, salesforce: 0 }, { hubspot: 100, salesforce: 4 }).count,
    ).toBe(0);
  });

  it('the budget day is the UTC date', () => {
    expect(budgetDay(new Date('2026-12-07T23:59:59.000Z'))).toBe('2026-12-07');
    expect(budgetDay(new Date('2026-12-08T00:00:00.000Z'))).toBe('2026-12-08');
  });

  it('forecasts records, calls and days per CRM', () => {
    const f = forecastRescore({ hubspot: 1000, salesforce: 1200 }, { hubspot: 100, salesforce: 200 }, 0.002, {
      hubspot: 2000,
    });
    expect(f.hubspot).toEqual({ records: 1000, calls: 10, callsPerDay: 4, days: 3 });
    expect(f.salesforce).toEqual({ records: 1200, calls: 6, callsPerDay: null, days: null });
    expect(
      forecastRescore({ hubspot: 5, salesforce: 0 }, { hubspot: 100, salesforce: 200 }, undefined, {}).hubspot
        .days,
    ).toBe(1);
  });
});
