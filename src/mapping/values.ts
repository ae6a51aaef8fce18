/**
 * Value helpers shared by transforms, sync rules and linking: what counts as blank, and when two values
 * the CRMs report differently (`250` vs `"250"`, `...+0000` vs `...Z`, epoch ms vs ISO) are the same.
 */
import type { FieldValue } from '../domain/person.ts';

/** Blank as both CRMs treat it: absent, null, or text with nothing but whitespace. */
export function isBlank(value: FieldValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH_MS = /^-?\d+$/;

/** Epoch ms of a `YYYY-MM-DD` date at UTC midnight; null when it is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2024-02-30 over to March: a real date survives the round trip.
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : null;
}

/** Epoch ms of an ISO date-time (Salesforce writes `+0000`, HubSpot `Z`; no offset means UTC); else null. */
export function parseIsoDateTime(text: string): number | null {
  if (!ISO_DATE_TIME.test(text)) return null;
  if (parseIsoDate(text.slice(0, 10)) === null) return null;
  const withOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withOffset.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}

/** Epoch ms of a value either CRM uses for a point in time (HubSpot epoch-ms text, ISO date or date-time). */
export function parseInstant(value: FieldValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (EPOCH_MS.test(text)) return Number(text);
  return parseIsoDate(text) ?? parseIsoDateTime(text);
}

function asNumber(value: FieldValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

function asBoolean(value: FieldValue): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return text === 'true' ? true : text === 'false' ? false : null;
}

/**
 * True when two values mean the same thing. Blank equals blank. A number equals its text (`250` and
 * `"250"`), a boolean its `"true"`/`"false"`; two texts are equal when identical (case matters) or when
 * both name the same instant in different spellings (`...+0000` vs `...Z`, epoch ms vs ISO). Text that
 * merely looks numeric is compared as text, so `"01234"` and `"1234"` stay different.
 */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const blankA = isBlank(a);
  const blankB = isBlank(b);
  if (blankA || blankB) return blankA && blankB;
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (typeof x === 'number' || typeof y === 'number') {
    const nx = asNumber(x);
    return nx !== null && nx === asNumber(y);
  }
  if (typeof x === 'boolean' || typeof y === 'boolean') {
    const bx = asBoolean(x);
    return bx !== null && bx === asBoolean(y);
  }
  // Two digit strings are text (zip codes, ids); an instant only matches across spellings.
  if (EPOCH_MS.test(String(x).trim()) && EPOCH_MS.test(String(y).trim())) return false;
  const tx = parseInstant(x);
  return tx !== null && tx === parseInstant(y);
}
