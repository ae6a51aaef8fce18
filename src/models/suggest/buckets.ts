/**
 * Candidate features from fields the model does not read yet: a field's frequent values (one indicator
 * each) and a numeric field's quartile ranges. Found on the training people only, so nothing about the
 * held-out people leaks into what is tried. Whether a field is filled is not tried: that mostly says where
 * the record lives (a Salesforce Contact has no mapped `company`, and Contacts are converted people), which
 * is the outcome itself rather than a sign of it.
 */
import { compileFieldTest, isEmpty, toNumber } from '../../scoring/compile-condition.ts';
import type { Predicate } from '../../scoring/compile-condition.ts';
import type { FieldCondition } from '../../scoring/schema.ts';
import type { ProfileInput } from '../../scoring/types.ts';

export type Bucket =
  | { readonly kind: 'value'; readonly field: string; readonly value: string }
  | { readonly kind: 'range'; readonly field: string; readonly min: number; readonly max: number };

export interface BucketOptions {
  /** Fields never tried (those the model already reads, and any that record the outcome itself). */
  readonly exclude: ReadonlySet<string>;
  /** Field name prefixes never tried (leadloop's own fields hold the current model's output). */
  readonly excludePrefixes: readonly string[];
  /** A value or range needs at least this many training people (default: 20, or 2 % when larger). */
  readonly minSupport?: number;
  /** A text field with more distinct values than this is an identifier or free text: not tried. */
  readonly maxDistinct?: number;
}

/**
 * Fields that say what already happened rather than who the person is: the HubSpot lifecycle stage and
 * lead status follow the deal (a won deal makes a `customer`), ids and dates order records by creation.
 */
const OUTCOME_OR_IDENTITY = /(^|_)(id|ids)$|date$|^lifecyclestage$|^hs_lead_status$/i;

type Value = ProfileInput[string];

function asNumber(v: Value): number | undefined {
  const n = toNumber(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The text a `value` bucket compares: what an `equals` condition compares (lower-cased, untrimmed). */
function bucketText(v: Value): string | undefined {
  if (isEmpty(v)) return undefined;
  return typeof v === 'string' ? v.toLowerCase() : String(v);
}

/** The profile-rule test a bucket becomes, so a suggested rule matches exactly the people it was fitted on. */
export function bucketCondition(bucket: Bucket): FieldCondition {
  switch (bucket.kind) {
    case 'value':
      return { field: bucket.field, equals: bucket.value };
    case 'range':
      return { field: bucket.field, between: [bucket.min, bucket.max] };
  }
}

export function bucketTest(bucket: Bucket): Predicate {
  const { field, ...operator } = bucketCondition(bucket);
  return compileFieldTest(field, operator);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function fieldBuckets(
  field: string,
  values: readonly Value[],
  minSupport: number,
  maxDistinct: number,
): Bucket[] {
  const filled = values.filter((v) => !isEmpty(v));
  const buckets: Bucket[] = [];
  const numbers = filled.map(asNumber).filter((n): n is number => n !== undefined);
  const counts = new Map<string, number>();
  for (const v of filled) {
    const text = bucketText(v);
    if (text !== undefined) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  if (numbers.length >= 0.9 * filled.length && counts.size > 10) {
    const sorted = [...numbers].sort((a, b) => a - b);
    const cuts = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q));
    const edges = [sorted[0] ?? 0, ...cuts, sorted[sorted.length - 1] ?? 0];
    for (let k = 0; k < 4; k++) {
      const min = edges[k] ?? 0;
      const max = edges[k + 1] ?? 0;
      // Inclusive ranges: the next one starts just above this one's top value.
      const lower = k === 0 ? min : sorted.find((n) => n > min);
      if (lower === undefined || lower > max) continue;
      const support = numbers.filter((n) => n >= lower && n <= max).length;
      if (support >= minSupport) buckets.push({ kind: 'range', field, min: lower, max });
    }
    return buckets;
  }
  if (counts.size > maxDistinct) return buckets;
  const frequent = [...counts]
    .filter(([, n]) => n >= minSupport)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // One value for everyone who has the field would only say that it is filled.
  if (counts.size <= 1) return buckets;
  for (const [value] of frequent) buckets.push({ kind: 'value', field, value });
  return buckets;
}

/** Every bucket worth trying, in a stable order (field name, then as found). */
export function discoverBuckets(people: readonly ProfileInput[], options: BucketOptions): Bucket[] {
  const minSupport = options.minSupport ?? Math.max(20, Math.ceil(people.length * 0.02));
  const maxDistinct = options.maxDistinct ?? 50;
  const fields = new Set<string>();
  for (const p of people) for (const f of Object.keys(p)) fields.add(f);
  const tried = [...fields]
    .filter(
      (f) =>
        !options.exclude.has(f) &&
        !OUTCOME_OR_IDENTITY.test(f) &&
        !options.excludePrefixes.some((prefix) => f.startsWith(prefix)),
    )
    .sort();
  return tried.flatMap((f) =>
    fieldBuckets(
      f,
      people.map((p) => p[f]),
      minSupport,
      maxDistinct,
    ),
  );
}

export function describeBucket(bucket: Bucket): string {
  switch (bucket.kind) {
    case 'value':
      return `${bucket.field} = ${bucket.value}`;
    case 'range':
      return `${bucket.field} in [${bucket.min}, ${bucket.max}]`;
  }
}
