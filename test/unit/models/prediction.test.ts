import { describe, expect, it } from 'vitest';
import { predictionStats, type Judged } from '../../../src/models/prediction.ts';

const j = (total: number, cell: string, mql: boolean, good: boolean): Judged => ({
  prediction: { total, cell, mql },
  good,
});

describe('prediction stats', () => {
  it('per start cell conversion, MQL precision and recall', () => {
    const s = predictionStats([
      j(200, 'A1', true, true),
      j(190, 'A1', true, false),
      j(150, 'B2', true, true),
      j(40, 'D4', false, true),
      j(10, 'D4', false, false),
    ]);
    expect(s.judged).toBe(5);
    expect(s.good).toBe(3);
    expect(s.cells.find((c) => c.cell === 'A1')).toEqual({ cell: 'A1', count: 2, good: 1, rate: 0.5 });
    expect(s.cells.find((c) => c.cell === 'D4')).toEqual({ cell: 'D4', count: 2, good: 1, rate: 0.5 });
    expect(s.cells.find((c) => c.cell === 'C3')).toEqual({ cell: 'C3', count: 0, good: 0, rate: null });
    expect(s.mql).toEqual({ count: 3, good: 2 });
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
  });

  it('lift by decile of the start total: 20 people, the top tenth converting', () => {
    const people = Array.from({ length: 20 }, (_, i) => j(100 - i, 'C3', false, i < 2));
    const s = predictionStats(people);
    expect(s.lift).toHaveLength(10);
    expect(s.lift[0]).toEqual({ decile: 1, count: 2, good: 2, rate: 1, lift: 10 });
    expect(s.lift.slice(1).every((d) => d.count === 2 && d.good === 0 && d.lift === 0)).toBe(true);
  });

  it('fewer than ten people give one group each; nobody converting gives no lift', () => {
    const s = predictionStats([j(3, 'A1', true, false), j(2, 'A1', true, false), j(1, 'A1', true, false)]);
    expect(s.lift.map((d) => d.count)).toEqual([1, 1, 1]);
    expect(s.lift.every((d) => d.lift === null)).toBe(true);
    expect(s.precision).toBe(0);
    expect(s.recall).toBeNull();
  });

  it('nothing judged: no rates at all', () => {
    const s = predictionStats([]);
    expect(s).toMatchObject({ judged: 0, good: 0, precision: null, recall: null, lift: [] });
  });
});
