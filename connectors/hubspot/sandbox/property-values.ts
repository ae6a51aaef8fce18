/**
 * Property value rules: what a write may store (type-checked like HubSpot does, error codes from its
 * VALIDATION_ERROR payloads) and how stored strings compare in search filters. Where HubSpot does not say
 * which forms it accepts (numbers, dates), only the plainest forms pass: the sandbox is the harsher API.
 */
import type { PropertyDefinition } from './property-types.ts';

export type WriteValue = string | number | boolean | null | undefined;
export type ValueCheck = { ok: true; value: string | null } | { ok: false; error: string; message: string };

const MAX_STRING = 65_536;

/** Epoch ms from an epoch-ms string/number or an ISO string; NaN when neither. */
export function toEpochMs(raw: string | number): number {
  if (typeof raw === 'number') return raw;
  const trimmed = raw.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed === '' ? Number.NaN : Date.parse(trimmed);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** ISO 8601 calendar date, optionally with a time and an offset (what HubSpot's docs show). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms for a write: only epoch-ms digits or ISO 8601 (no "March 7 2026", which `Date.parse` takes). */
function writeEpochMs(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  return ISO_DATE_TIME.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/**
 * HubSpot's address check: RFC 2822 syntax, no quoted local part, a domain ending in a real TLD
 * (legacydocs.hubspot.com/docs/faq/how-does-hubspot-validate-email-addresses). The IANA list itself is
 * not held: a top-level label of letters (or punycode) stands for it.
 */
export function isValidEmail(text: string): boolean {
  if (text.length > 254 || /\s/.test(text)) return false;
  const at = text.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split('.');
  const tld = labels.at(-1) ?? '';
  return (
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    TOP_LEVEL.test(tld)
  );
}

export function checkWriteValue(
  def: PropertyDefinition,
  raw: WriteValue,
  previous: string | null,
): ValueCheck {
  if (def.modificationMetadata.readOnlyValue) {
    return { ok: false, error: 'READ_ONLY_VALUE', message: `Property "${def.name}" is read-only` };
  }
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  const text = String(raw);
  switch (def.type) {
    case 'number': {
      // Plain decimals only: exponents, hex, `Infinity` are refused (HubSpot documents none of them).
      const trimmed = text.trim();
      if (!DECIMAL.test(trimmed) || !Number.isFinite(Number(trimmed))) {
        return { ok: false, error: 'INVALID_INTEGER', message: `${text} was not a valid number.` };
      }
      return { ok: true, value: String(Number(trimmed)) };
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        return { ok: false, error: 'INVALID_BOOLEAN', message: `${text} was not a valid boolean.` };
      }
      return { ok: true, value: lower };
    }
    case 'datetime':
    case 'date': {
      const ms = writeEpochMs(text);
      if (!Number.isFinite(ms))
        return { ok: false, error: 'INVALID_DATE', message: `${text} was not a valid date.` };
      if (def.type === 'date') {
        if (ms % 86_400_000 !== 0) {
          return {
            ok: false,
            error: 'INVALID_DATE',
            message: `${text} is not at midnight UTC, as date properties require.`,
          };
        }
        return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
      }
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case 'enumeration':
      return checkOption(def, text, previous);
    case 'string':
    case 'phone_number':
      if (def.name === 'email' && !isValidEmail(text)) {
        return { ok: false, error: 'INVALID_EMAIL', message: `Email address ${text} is invalid` };
      }
      // UTF-16 units, the larger count: HubSpot does not say which unit its limit counts.
      if (text.length > MAX_STRING) {
        return {
          ok: false,
          error: 'INVALID_LENGTH',
          message: `Value for "${def.name}" exceeds ${MAX_STRING} characters.`,
        };
      }
      return { ok: true, value: text };
  }
}

function checkOption(def: PropertyDefinition, text: string, previous: string | null): ValueCheck {
  if (def.externalOptions) return { ok: true, value: text };
  const multi = def.fieldType === 'checkbox';
  // Multi-checkbox: `;a;b` appends to what the record holds, `a;b` replaces.
  const appending = multi && text.startsWith(';');
  const wanted = multi ? text.split(';').filter((v) => v !== '') : [text];
  const allowed = new Set(def.options.map((o) => o.value));
  const bad = wanted.find((v) => !allowed.has(v));
  if (bad !== undefined) {
    return {
      ok: false,
      error: 'INVALID_OPTION',
      message: `${bad} was not one of the allowed options: [${def.options.map((o) => o.value).join(', ')}]`,
    };
  }
  if (!appending) return { ok: true, value: wanted.join(';') };
  const merged = new Set([...(previous ? previous.split(';') : []), ...wanted]);
  return { ok: true, value: [...merged].join(';') };
}

/** How two stored values order under a property's type (for sorts and range filters). */
export type Comparable = number | string;

export function comparableOf(def: PropertyDefinition | undefined, value: string): Comparable {
  if (!def) return value.toLowerCase();
  switch (def.type) {
    case 'number':
      return Number(value);
    case 'date':
    case 'datetime':
      return toEpochMs(value);
    case 'enumeration':
      return value;
    default:
      return value.toLowerCase();
  }
}
