import { describe, expect, it } from 'vitest';
import {
  currentPointsPerLogOdd,
  pointsPerLogOdd,
  shareAtLeast,
  thresholdForShare,
} from '../../../../src/models/suggest/scale.ts';
import { logistic, seeded } from './random.ts';

describe('scale and thresholds', () => {
  it("reads the current model's points per unit of log-odds off the outcomes", () => {
    // Outcomes drawn with log-odds -3 + total / 25: 25 points per unit.
    const random = seeded(9);
    const totals = Array.from({ length: 20_000 }, () => Math.round(random() * 150));
    const labels = totals.map((t) => (random() < logistic(-3 + t / 25) ? 1 : 0));
    expect(Math.abs((currentPointsPerLogOdd(totals, labels) ?? 0) - 25)).toBeLessThan(1.5);
  });

  it('has no factor when the current totals do not rank the outcomes', () => {
    expect(currentPointsPerLogOdd([10, 20, 30, 40], [1, 1, 0, 0])).toBeNull();
    expect(currentPointsPerLogOdd([5, 5, 5], [1, 0, 1])).toBeNull();
  });

  it('gives the fitted log-odds the spread of the current totals', () => {
    // Current totals spread with sd 50, log-odds with sd 2: 25 points per unit of log-odds.
    expect(pointsPerLogOdd([0, 100, 0, 100], [-1, 3, -1, 3])).toBeCloseTo(25, 12);
  });

  it('falls back when the fit is flat', () => {
    expect(pointsPerLogOdd([0, 100], [1, 1])).toBe(50);
    expect(pointsPerLogOdd([5, 5], [1, 1])).toBe(1);
  });

  it('picks the threshold that lets the same share of people reach it', () => {
    const values = [10, 20, 30, 40];
    expect(thresholdForShare(values, 0.5)).toBe(30);
    expect(shareAtLeast(values, 30)).toBe(0.5);
    expect(thresholdForShare(values, 1)).toBe(10);
    expect(thresholdForShare(values, 0)).toBe(41);
    expect(thresholdForShare([], 0.5)).toBe(0);
  });
});
