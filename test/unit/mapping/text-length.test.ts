/** Text length and cuts in a CRM's own unit (`src/domain/text-length.ts`). */
import { describe, expect, it } from 'vitest';
import { cutText, textLength, type LengthUnit } from '../../../src/domain/text-length.ts';

describe('textLength', () => {
  it.each([
    ['abc', 3, 3],
    ['😀', 2, 1],
    ['a😀b', 4, 3],
    ['👩‍👩‍👧', 8, 5],
  ])('%j: %i UTF-16 units, %i code points', (text, utf16, codepoints) => {
    expect(textLength(text, 'utf16')).toBe(utf16);
    expect(textLength(text, 'codepoint')).toBe(codepoints);
  });
});

describe('cutText', () => {
  it.each<[string, number, LengthUnit, string]>([
    ['abcdef', 3, 'utf16', 'abc'],
    ['a😀b', 2, 'utf16', 'a'],
    ['a😀b', 3, 'utf16', 'a😀'],
    ['😀😀', 3, 'utf16', '😀'],
    ['😀', 1, 'utf16', ''],
    ['a😀b', 2, 'codepoint', 'a😀'],
    ['short', 10, 'utf16', 'short'],
    ['short', 0, 'codepoint', ''],
  ])('%j cut to %i %s is %j, well formed', (text, max, unit, kept) => {
    const cut = cutText(text, max, unit);
    expect(cut).toBe(kept);
    expect(cut.isWellFormed()).toBe(true);
    expect(textLength(cut, unit)).toBeLessThanOrEqual(max);
  });
});
