/**
 * Field conditions compiled once into predicates: regexes built once, `in` lists turned into sets, text
 * compared case-insensitively. Values arrive as the CRMs hold them (HubSpot sends numbers and booleans as
 * strings), so numeric and boolean tests accept their string forms.
 */
import type { Condition, FieldCondition } from './schema.ts';
import type { ProfileInput } from './types.ts';

export type FieldValue = ProfileInput[string];
export type Predicate = (fields: ProfileInput) => boolean;
type ValueTest = (value: FieldValue) => boolean;

export function isEmpty(value: FieldValue): boolean {
  return value === null || value === undefined || value === '';
}

/** A number from a number or a numeric string; NaN otherwise. */
export function toNumber(value: FieldValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    // Number() trims by itself but reads '' and '  ' as 0; only a 0 needs the (allocating) blank check.
    const n = Number(value);
    return n === 0 && value.trim() === '' ? Number.NaN : n;
  }
  return Number.NaN;
}

function toLowerText(value: FieldValue): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function toBoolean(value: FieldValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return undefined;
}

function equalsTest(expected: string | number | boolean): ValueTest {
  if (typeof expected === 'number') return (v) => toNumber(v) === expected;
  if (typeof expected === 'boolean') return (v) => toBoolean(v) === expected;
  const lower = expected.toLowerCase();
  return (v) => toLowerText(v) === lower;
}

function inTest(options: readonly (string | number | boolean)[]): ValueTest {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  for (const option of options) {
    if (typeof option === 'string') texts.add(option.toLowerCase());
    else if (typeof option === 'number') numbers.add(option);
    else booleans.add(option);
  }
  return (v) => {
    if (texts.size > 0) {
      const text = toLowerText(v);
      if (text !== undefined && texts.has(text)) return true;
    }
    if (numbers.size > 0 && numbers.has(toNumber(v))) return true;
    if (booleans.size > 0) {
      const bool = toBoolean(v);
      if (bool !== undefined && booleans.has(bool)) return true;
    }
    return false;
  };
}

function rangeTest(min: number, max: number): ValueTest {
  return (v) => {
    const n = toNumber(v);
    return n >= min && n <= max;
  };
}

function valueTest(c: Omit<FieldCondition, 'field'>): ValueTest {
  if (c.equals !== undefined) return equalsTest(c.equals);
  if (c.in !== undefined) return inTest(c.in);
  if (c.matches !== undefined) {
    // No `g` flag: a global regex keeps `lastIndex` between calls and would skip matches.
    const regex = new RegExp(c.matches, 'i');
    return (v) => (typeof v === 'string' ? regex.test(v) : !isEmpty(v) && regex.test(String(v)));
  }
  if (c.between !== undefined) return rangeTest(c.between[0], c.between[1]);
  if (c.gte !== undefined || c.lte !== undefined) {
    return rangeTest(c.gte ?? Number.NEGATIVE_INFINITY, c.lte ?? Number.POSITIVE_INFINITY);
  }
  const exists = c.exists ?? true;
  return (v) => isEmpty(v) !== exists;
}

/** Compiles one inline field test (the operators of a profile rule or a `FieldCondition`). */
export function compileFieldTest(field: string, c: Omit<FieldCondition, 'field'>): Predicate {
  const test = valueTest(c);
  if (c.not === true) return (fields) => !test(fields[field]);
  return (fields) => test(fields[field]);
}

export function compileCondition(condition: Condition): Predicate {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    return (fields) => parts.every((p) => p(fields));
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return (fields) => parts.some((p) => p(fields));
  }
  return compileFieldTest(condition.field, condition);
}
