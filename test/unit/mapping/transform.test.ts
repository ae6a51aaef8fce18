import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../src/domain/person.ts';
import { MappingValueError } from '../../../src/mapping/mapping-value-error.ts';
import type { Transform } from '../../../src/mapping/schema.ts';
import {
  type TargetField,
  mapValue,
  reverseValueMap,
  toHubSpot,
  toSalesforce,
} from '../../../src/mapping/transform.ts';

const field = 'hs_prop → SF_Field__c';
const t = (transform: Omit<Transform, 'truncate'> & { truncate?: boolean }): Transform => ({
  truncate: true,
  ...transform,
});
const target = (type: TargetField['type'], length: number | null = null): TargetField => ({ type, length });

function errorOf(fn: () => unknown): MappingValueError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MappingValueError) return err;
    throw err;
  }
  throw new Error('expected a MappingValueError');
}

describe('value maps', () => {
  const map = { in_progress: 'Working - Contacted', open: 'Open', new: 'Open' };

  it.each([
    ['in_progress', 'Working - Contacted'],
    ['unknown', 'unknown'],
    ['open;in_progress', 'Open;Working - Contacted'],
  ])('maps %j forward to %j', (from, to) => {
    expect(mapValue(from, map)).toBe(to);
  });

  it('reverses, keeping the first HubSpot value when several map to one', () => {
    expect(reverseValueMap(map)).toEqual({ 'Working - Contacted': 'in_progress', Open: 'open' });
  });

  it('applies the map forward to Salesforce and reversed to HubSpot', () => {
    expect(toSalesforce('in_progress', { field, transform: t({ valueMap: map }) })).toEqual({
      value: 'Working - Contacted',
    });
    expect(toHubSpot('Working - Contacted', { field, transform: t({ valueMap: map }) })).toEqual({
      value: 'in_progress',
    });
    expect(toHubSpot('Closed', { field, transform: t({ valueMap: map }) })).toEqual({ value: 'Closed' });
  });

  it('refuses a typed value for a value map', () => {
    expect(errorOf(() => toSalesforce(3, { field, transform: t({ valueMap: map }) })).reason).toBe(
      'not-text',
    );
  });
});

describe('coercion to Salesforce', () => {
  it.each<[string, FieldValue, Transform['coerce'], FieldValue]>([
    ['number', '1250', 'number', 1250],
    ['decimal number', ' -12.5 ', 'number', -12.5],
    ['boolean true', 'true', 'boolean', true],
    ['boolean yes', 'Yes', 'boolean', true],
    ['boolean 0', '0', 'boolean', false],
    ['date from epoch ms (HubSpot)', '1704067200000', 'date', '2024-01-01'],
    ['date from ISO', '2024-02-29', 'date', '2024-02-29'],
    ['date from a date-time keeps the UTC day', '2024-03-01T23:30:00.000Z', 'date', '2024-03-01'],
    ['date-time from epoch ms', '1704103200000', 'datetime', '2024-01-01T10:00:00.000Z'],
    ['date-time from ISO with offset', '2024-01-01T12:00:00+02:00', 'datetime', '2024-01-01T10:00:00.000Z'],
    ['string from text', 'abc', 'string', 'abc'],
  ])('%s', (_name, input, coerce, expected) => {
    expect(toSalesforce(input, { field, transform: t({ coerce }) })).toEqual({ value: expected });
  });

  it('infers the coercion from the target type', () => {
    expect(toSalesforce('42', { field, target: target('number') })).toEqual({ value: 42 });
    expect(toSalesforce('false', { field, target: target('boolean') })).toEqual({ value: false });
    expect(toSalesforce('1704067200000', { field, target: target('date') })).toEqual({ value: '2024-01-01' });
  });

  it('passes values through without a coercion or a target', () => {
    expect(toSalesforce('42', { field })).toEqual({ value: '42' });
  });

  it('turns blanks into null (clear the field)', () => {
    expect(toSalesforce('  ', { field, transform: t({ coerce: 'number' }) })).toEqual({ value: null });
    expect(toHubSpot(null, { field })).toEqual({ value: null });
  });
});

describe('coercion to HubSpot (always text)', () => {
  it.each<[string, FieldValue, Transform['coerce'] | undefined, FieldValue]>([
    ['number', 250, 'number', '250'],
    ['number from text', '250', 'number', '250'],
    ['boolean', true, 'boolean', 'true'],
    ['date', '2024-01-01', 'date', '2024-01-01'],
    ['Salesforce date-time', '2024-01-01T10:00:00.000+0000', 'datetime', '2024-01-01T10:00:00.000Z'],
    ['number as plain text', 12.5, undefined, '12.5'],
    ['boolean as plain text', false, undefined, 'false'],
  ])('%s', (_name, input, coerce, expected) => {
    expect(toHubSpot(input, { field, transform: coerce ? t({ coerce }) : undefined })).toEqual({
      value: expected,
    });
  });
});

describe('invalid values', () => {
  it.each<[FieldValue, Transform['coerce'], string]>([
    ['lots', 'number', 'not-a-number'],
    ['0x10', 'number', 'not-a-number'],
    [true, 'number', 'not-a-number'],
    ['maybe', 'boolean', 'not-a-boolean'],
    ['2024-02-30', 'date', 'not-a-date'],
    ['next tuesday', 'datetime', 'not-a-datetime'],
    [false, 'date', 'not-a-date'],
  ])('%j as %s fails with %s', (input, coerce, reason) => {
    const err = errorOf(() => toSalesforce(input, { field, transform: t({ coerce }) }));
    expect(err.reason).toBe(reason);
    expect(err.field).toBe(field);
    expect(err.value).toBe(input);
    expect(err.code).toBe('MAPPING_VALUE_INVALID');
  });

  it('names the value, the field and the reason in its message', () => {
    expect(
      errorOf(() => toHubSpot('soon', { field, transform: t({ coerce: 'date' }) })).message,
    ).toMatchInlineSnapshot(
      `"cannot convert "soon" for hs_prop → SF_Field__c: not a date (expected epoch milliseconds or YYYY-MM-DD)"`,
    );
  });
});

describe('truncation', () => {
  it('cuts text to the target length with a warning', () => {
    expect(toSalesforce('abcdefghij', { field, target: target('string', 4) })).toEqual({
      value: 'abcd',
      warning: { code: 'truncated', field, target: 'salesforce', length: 10, maxLength: 4 },
    });
  });

  it('counts characters, never splitting an emoji', () => {
    expect(toHubSpot('😀😀😀', { field, target: target('string', 2) }).value).toBe('😀😀');
  });

  const utf16 = (length: number): TargetField => ({ type: 'string', length, lengthUnit: 'utf16' });
  const codepoint = (length: number): TargetField => ({ type: 'string', length, lengthUnit: 'codepoint' });

  it.each([
    // [input, target, kept, its length in the target's unit before the cut]
    ['😀😀😀', utf16(4), '😀😀', 6],
    ['😀😀😀', utf16(5), '😀😀', 6],
    ['a😀b', utf16(2), 'a', 4],
    ['a😀b', utf16(3), 'a😀', 4],
    ['😀', utf16(1), '', 2],
    ['é👍🏽x', utf16(4), 'é👍', 6],
    ['😀😀😀', codepoint(2), '😀😀', 3],
    ['a😀b', codepoint(2), 'a😀', 3],
  ])('%j into %o keeps %j', (input, into, kept, length) => {
    const converted = toSalesforce(input, { field, target: into });
    expect(converted).toEqual({
      value: kept,
      warning: { code: 'truncated', field, target: 'salesforce', length, maxLength: into.length },
    });
    expect(String(converted.value).isWellFormed()).toBe(true);
  });

  it('a UTF-16 target takes what fits in code units, a code-point target what fits in characters', () => {
    const name = '🦄'.repeat(30); // 30 code points, 60 UTF-16 units
    expect(toSalesforce(name, { field, target: utf16(40) }).value).toBe('🦄'.repeat(20));
    expect(toSalesforce(name, { field, target: utf16(60) })).toEqual({ value: name });
    expect(toHubSpot(name, { field, target: codepoint(40) })).toEqual({ value: name });
  });

  it('leaves text that fits alone', () => {
    expect(toSalesforce('abcd', { field, target: target('textarea', 4) })).toEqual({ value: 'abcd' });
  });

  it('fails instead when the transform says truncate: false', () => {
    expect(
      errorOf(() =>
        toSalesforce('abcdef', { field, transform: t({ truncate: false }), target: target('string', 3) }),
      ).reason,
    ).toBe('too-long');
  });
});
