import { describe, expect, it } from 'vitest';
import { MappingValueError } from '../../../src/mapping/mapping-value-error.ts';
import { nonRanges, parseRange, rangeOf } from '../../../src/mapping/number-ranges.ts';
import { toHubSpot } from '../../../src/mapping/transform.ts';

const EMPLOYEES = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];

describe('number ranges', () => {
  it.each([
    ['1-5', { min: 1, max: 5, maxExclusive: false }],
    ['1,000-4,999', { min: 1000, max: 4999, maxExclusive: false }],
    ['1000+', { min: 1000, max: Number.POSITIVE_INFINITY, maxExclusive: false }],
    ['< 10', { min: Number.NEGATIVE_INFINITY, max: 10, maxExclusive: true }],
  ])('parses %j', (value, range) => {
    expect(parseRange(value)).toEqual({ value, ...range });
  });

  it('tells options that are not ranges', () => {
    expect(nonRanges(['1-5', 'Small', '1000+', 'n/a'])).toEqual(['Small', 'n/a']);
  });

  it.each([
    [1, '1-5'],
    [5, '1-5'],
    [6, '5-25'],
    [250, '100-500'],
    [1000, '500-1000'],
    [1001, '1000+'],
    [0, null],
  ])('%d employees → %j', (n, option) => {
    expect(rangeOf(n, EMPLOYEES)).toBe(option);
  });

  it('writes a Salesforce number into HubSpot as its range', () => {
    const options = {
      field: 'numberofemployees → NumberOfEmployees',
      transform: { truncate: true, ranges: true },
      target: { type: 'picklist' as const, length: null, options: EMPLOYEES },
    };
    expect(toHubSpot(250, options)).toEqual({ value: '100-500' });
    expect(toHubSpot('12', options)).toEqual({ value: '5-25' });
    expect(toHubSpot(null, options)).toEqual({ value: null });
    expect(() => toHubSpot(0, options)).toThrow(MappingValueError);
    expect(() => toHubSpot('many', options)).toThrow(/not a number/);
  });
});
