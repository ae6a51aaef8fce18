import { describe, expect, it } from 'vitest';
import { fitLogistic, solveSpd } from '../../../../src/models/suggest/logistic.ts';
import { logistic, seeded } from './random.ts';

describe('fitLogistic', () => {
  it('matches the published maximum-likelihood fit of the hours-studied / exam-passed example', () => {
    // The textbook example of logistic regression (20 students); its fit is intercept -4.0777, hours 1.5046.
    const hours = [
      0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5,
    ];
    const passed = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1];
    const fit = fitLogistic(
      hours.map((h) => [h]),
      passed,
    );
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-4.0777, 3);
    expect(fit.coefficients[0]).toBeCloseTo(1.5046, 3);
  });

  it('recovers the coefficients that generated the data', () => {
    const random = seeded(11);
    const truth = { intercept: -1, beta: [2, -1.5, 0.8] };
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = [random() < 0.3 ? 1 : 0, random() < 0.5 ? 1 : 0, random() * 3];
      const z = truth.intercept + row.reduce((s, v, j) => s + v * (truth.beta[j] ?? 0), 0);
      x.push(row);
      y.push(random() < logistic(z) ? 1 : 0);
    }
    const fit = fitLogistic(x, y);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.intercept - truth.intercept)).toBeLessThan(0.1);
    fit.coefficients.forEach((c, j) => expect(Math.abs(c - (truth.beta[j] ?? 0))).toBeLessThan(0.1));
  });

  it('keeps weights finite on perfectly separated classes when penalised', () => {
    const x = [[0], [0], [0], [1], [1], [1]];
    const y = [0, 0, 0, 1, 1, 1];
    const fit = fitLogistic(x, y, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
    expect(fit.coefficients[0]).toBeLessThan(10);
  });

  it('shrinks weights towards zero as the penalty grows', () => {
    const x = [[0], [1], [0], [1], [1], [0], [1], [0]];
    const y = [0, 1, 0, 1, 0, 1, 1, 0];
    const loose = fitLogistic(x, y, { l2: 0.01 }).coefficients[0] ?? 0;
    const tight = fitLogistic(x, y, { l2: 10 }).coefficients[0] ?? 0;
    expect(loose).toBeGreaterThan(tight);
    expect(tight).toBeGreaterThan(0);
  });

  it('pulls weights towards the prior: a feature nobody has keeps it, strong evidence overrides it', () => {
    const random = seeded(3);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const row = [random() < 0.5 ? 1 : 0, 0];
      x.push(row);
      y.push(random() < logistic(-0.5 + 1.5 * (row[0] ?? 0)) ? 1 : 0);
    }
    const fit = fitLogistic(x, y, { l2: 1, prior: [-3, 2] });
    expect(fit.coefficients[1]).toBeCloseTo(2, 9);
    expect(Math.abs((fit.coefficients[0] ?? 0) - 1.5)).toBeLessThan(0.15);
    expect(() => fitLogistic(x, y, { prior: [1] })).toThrow('fitLogistic: 1 prior weights for 2 features');
  });

  it('names what is wrong with bad input', () => {
    expect(() => fitLogistic([[1], [2]], [1])).toThrow('fitLogistic: 2 rows but 1 labels');
    expect(() => fitLogistic([[1], [2, 3]], [1, 0])).toThrow(
      'fitLogistic: row 1 has 2 features, row 0 has 1',
    );
    expect(() => fitLogistic([[1], [2]], [1, 2])).toThrow('fitLogistic: label 1 is 2, expected 0 or 1');
  });

  it('refuses collinear features without a penalty', () => {
    const x = [
      [1, 1],
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
    ];
    expect(() => fitLogistic(x, [1, 0, 0, 1, 1])).toThrow(/singular/);
  });
});

describe('solveSpd', () => {
  it('solves a symmetric positive definite system', () => {
    // [[4, 2], [2, 3]] · [1, 2] = [8, 8]
    const solution = solveSpd(new Float64Array([4, 2, 2, 3]), new Float64Array([8, 8]), 2);
    expect(solution?.[0]).toBeCloseTo(1, 12);
    expect(solution?.[1]).toBeCloseTo(2, 12);
  });

  it('returns null for a matrix that is not positive definite', () => {
    expect(solveSpd(new Float64Array([1, 2, 2, 1]), new Float64Array([1, 1]), 2)).toBeNull();
  });
});
