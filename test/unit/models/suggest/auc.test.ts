import { describe, expect, it } from 'vitest';
import { auc } from '../../../../src/models/suggest/auc.ts';

describe('auc', () => {
  it.each([
    { name: 'perfect ranking', scores: [1, 2, 3, 4], labels: [0, 0, 1, 1], expected: 1 },
    { name: 'reversed ranking', scores: [4, 3, 2, 1], labels: [0, 0, 1, 1], expected: 0 },
    { name: 'all tied', scores: [5, 5, 5, 5], labels: [0, 1, 0, 1], expected: 0.5 },
    // 3 of the 4 positive/negative pairs are ordered right.
    { name: 'one pair wrong', scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1], expected: 0.75 },
    // Pairs: tied (1/2) and right (1): (0.5 + 1) / 2.
    { name: 'a tie counts half', scores: [1, 1, 2], labels: [0, 1, 1], expected: 0.75 },
  ])('$name: $expected', ({ scores, labels, expected }) => {
    expect(auc(scores, labels)).toBeCloseTo(expected, 12);
  });

  it('does not depend on the input order', () => {
    expect(auc([0.8, 0.1, 0.35, 0.4], [1, 0, 1, 0])).toBeCloseTo(0.75, 12);
  });

  it('is undefined (null) with one class only', () => {
    expect(auc([1, 2], [1, 1])).toBeNull();
    expect(auc([1, 2], [0, 0])).toBeNull();
    expect(auc([], [])).toBeNull();
  });

  it('names mismatched input', () => {
    expect(() => auc([1, 2], [1])).toThrow('auc: 2 scores but 1 labels');
  });
});
