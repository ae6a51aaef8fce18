/**
 * Type coercion between HubSpot's text values and Salesforce's typed JSON values.
 *
 * HubSpot stores every property value as a string: numbers as decimal text, booleans as "true"/"false",
 * dates as epoch milliseconds at UTC midnight or ISO `YYYY-MM-DD`, date-times as epoch milliseconds or
 * ISO-8601 (https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide). Salesforce's
 * REST API takes JSON numbers and booleans, `YYYY-MM-DD` for date and ISO-8601 for dateTime fields.
 */
import type { FieldValue } from '../domain/person.ts';
import type { MappingValueReason } from './mapping-value-error.ts';
import type { Transform } from './schema.ts';
import { parseInstant } from './values.ts';

export type CoerceKind = NonNullable<Transform['coerce']>;
export type Coerced =
  | { readonly ok: true; readonly value: FieldValue }
  | { readonly ok: false; readonly reason: MappingValueReason };

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

function toNumber(value: Exclude<FieldValue, null>): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return null;
  const text = value.trim();
  return DECIMAL.test(text) ? Number(text) : null;
}

function toBoolean(value: Exclude<FieldValue, null>): boolean | null {
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

function toText(value: Exclude<FieldValue, null>): string {
  return typeof value === 'string' ? value : String(value);
}

/** Convert a non-blank value to `kind`, typed as Salesforce wants it (`typed`) or as HubSpot text. */
function coerce(value: Exclude<FieldValue, null>, kind: CoerceKind, typed: boolean): Coerced {
  switch (kind) {
    case 'number': {
      const n = toNumber(value);
      if (n === null) return { ok: false, reason: 'not-a-number' };
      return { ok: true, value: typed ? n : String(n) };
    }
    case 'boolean': {
      const b = toBoolean(value);
      if (b === null) return { ok: false, reason: 'not-a-boolean' };
      return { ok: true, value: typed ? b : String(b) };
    }
    case 'date': {
      const ms = typeof value === 'boolean' ? null : parseInstant(value);
      if (ms === null) return { ok: false, reason: 'not-a-date' };
      // A date is a calendar day: the UTC day of the instant (HubSpot stores dates at UTC midnight).
      return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'datetime': {
      const ms = typeof value === 'boolean' ? null : parseInstant(value);
      if (ms === null) return { ok: false, reason: 'not-a-datetime' };
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case 'string':
      return { ok: true, value: toText(value) };
  }
}

/** Coerce for a Salesforce field: JSON number / boolean, date and date-time as ISO text. */
export function coerceForSalesforce(value: Exclude<FieldValue, null>, kind: CoerceKind): Coerced {
  return coerce(value, kind, true);
}

/** Coerce for a HubSpot property: always text. */
export function coerceForHubSpot(value: Exclude<FieldValue, null>, kind: CoerceKind): Coerced {
  return coerce(value, kind, false);
}
