import { describe, expect, it } from 'vitest';
import { pointsPerLogOdd, shareAtLeast, thresholdForShare } from '../../../../src/models/suggest/scale.ts';

describe('scale and thresholds', () => {
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
