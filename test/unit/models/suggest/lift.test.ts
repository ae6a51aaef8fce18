import { describe, expect, it } from 'vitest';
import { liftByDecile } from '../../../../src/models/suggest/lift.ts';

describe('liftByDecile', () => {
  it('puts the best-scored tenth first', () => {
    // 20 people scored 20..1; the two good outcomes are the top two: all of the first decile.
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = scores.map((_, i) => (i < 2 ? 1 : 0));
    const lift = liftByDecile(scores, labels);
    expect(lift).toHaveLength(10);
    expect(lift[0]).toEqual({ decile: 1, count: 2, positives: 2, rate: 1, lift: 10 });
    expect(lift.slice(1).every((d) => d.positives === 0 && d.lift === 0)).toBe(true);
  });

  it('shares a tie that spans cuts across the slices it covers', () => {
    // Everyone scores the same: no ranking, so every decile has the base rate (lift 1), whatever the order.
    const scores = new Array<number>(20).fill(7);
    const labels = scores.map((_, i) => (i < 10 ? 1 : 0));
    for (const d of liftByDecile(scores, labels)) {
      expect(d.positives).toBeCloseTo(1, 12);
      expect(d.lift).toBeCloseTo(1, 12);
    }
  });

  it('splits a partial tie in proportion', () => {
    // 10 people, 1 per decile: scores 9 (good), then a tie of two at 5 (one good), then the rest.
    const scores = [9, 5, 5, 4, 3, 2, 1, 0, -1, -2];
    const labels = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const lift = liftByDecile(scores, labels);
    expect(lift.map((d) => d.positives)).toEqual([1, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]);
    expect(lift[1]?.lift).toBeCloseTo(2.5, 12);
  });

  it('has no lift without good outcomes', () => {
    expect(liftByDecile([1, 2, 3], [0, 0, 0]).every((d) => d.lift === null)).toBe(true);
  });
});
