/**
 * Number → range option, for HubSpot picklists of ranges such as contact "Number of Employees"
 * (`1-5`, `5-25`, ..., `1000+`): a Salesforce number is written as the first option whose range holds it.
 * Option forms: `a-b` (inclusive), `a+` (a or more), `<b` / `< b` (below b). Thousands separators are allowed.
 */

export interface NumberRange {
  readonly value: string;
  readonly min: number;
  readonly max: number;
  /** `<b` excludes b. */
  readonly maxExclusive: boolean;
}

const num = (text: string): number => Number(text.replace(/[,_\s]/g, ''));
const BETWEEN = /^\s*([\d,._]+)\s*-\s*([\d,._]+)\s*$/;
const AT_LEAST = /^\s*([\d,._]+)\s*\+\s*$/;
const BELOW = /^\s*<\s*([\d,._]+)\s*$/;

/** The option parsed as a range, or null when it is not one. */
export function parseRange(value: string): NumberRange | null {
  let m = BETWEEN.exec(value);
  if (m) return { value, min: num(m[1] ?? ''), max: num(m[2] ?? ''), maxExclusive: false };
  m = AT_LEAST.exec(value);
  if (m) return { value, min: num(m[1] ?? ''), max: Number.POSITIVE_INFINITY, maxExclusive: false };
  m = BELOW.exec(value);
  if (m) return { value, min: Number.NEGATIVE_INFINITY, max: num(m[1] ?? ''), maxExclusive: true };
  return null;
}

/** The options that are not ranges (a picklist for `ranges` must have none). */
export function nonRanges(options: readonly string[]): string[] {
  return options.filter((o) => parseRange(o) === null);
}

/** The first option whose range holds `n`, or null. */
export function rangeOf(n: number, options: readonly string[]): string | null {
  for (const option of options) {
    const r = parseRange(option);
    if (r && n >= r.min && (r.maxExclusive ? n < r.max : n <= r.max)) return r.value;
  }
  return null;
}
