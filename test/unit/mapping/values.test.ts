import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../src/domain/person.ts';
import { isBlank, parseInstant, sameValue } from '../../../src/mapping/values.ts';

describe('isBlank', () => {
  it.each<[FieldValue | undefined, boolean]>([
    [undefined, true],
    [null, true],
    ['', true],
    ['  ', true],
    ['x', false],
    [0, false],
    [false, false],
  ])('%j → %s', (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });
});

describe('sameValue', () => {
  it.each<[FieldValue, FieldValue, boolean]>([
    [null, '', true],
    ['a', 'a', true],
    ['a', 'A', false],
    [250, '250', true],
    [250, '250.0', true],
    ['250', '250.0', false],
    ['01234', '1234', false],
    [true, 'true', true],
    [false, 'TRUE', false],
    ['2024-01-01T10:00:00.000+0000', '2024-01-01T10:00:00.000Z', true],
    ['1704103200000', '2024-01-01T10:00:00.000Z', true],
    ['1704067200000', '2024-01-01', true],
    ['2024-01-01', '2024-01-02', false],
    ['x', null, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
  });
});

describe('parseInstant', () => {
  it.each<[FieldValue, number | null]>([
    ['1704067200000', 1704067200000],
    ['2024-01-01', 1704067200000],
    ['2024-01-01T00:00:00Z', 1704067200000],
    ['2024-01-01T00:00', 1704067200000],
    ['2023-02-29', null],
    ['soon', null],
    [true, null],
  ])('%j → %s', (value, ms) => {
    expect(parseInstant(value)).toBe(ms);
  });
});
