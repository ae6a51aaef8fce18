import { describe, expect, it } from 'vitest';
import { rollupEngagement } from '../../../src/accounts/rollup.ts';

describe('rollupEngagement', () => {
  it('sums with a cap per person, bad signs capped too', () => {
    expect(rollupEngagement([100, 20, -80, 5], { kind: 'sum', capPerPerson: 50 })).toEqual({
      value: 50 + 20 - 50 + 5,
      counted: 4,
      capped: 2,
    });
  });

  it('adds the top N people only', () => {
    expect(rollupEngagement([5, 90, 40, 60], { kind: 'top', people: 2 })).toEqual({
      value: 150,
      counted: 2,
      capped: 0,
    });
    expect(rollupEngagement([5], { kind: 'top', people: 3 })).toEqual({ value: 5, counted: 1, capped: 0 });
  });

  it('an account without people has no engagement', () => {
    expect(rollupEngagement([], { kind: 'sum', capPerPerson: 10 }).value).toBe(0);
  });
});
