/**
 * Property value rules: what a write may store (type-checked like HubSpot does, error codes from its
 * VALIDATION_ERROR payloads) and how stored strings compare in search filters.
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
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) {
        return { ok: false, error: 'INVALID_INTEGER', message: `${text} was not a valid number.` };
      }
      return { ok: true, value: String(n) };
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
      const ms = toEpochMs(text);
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
