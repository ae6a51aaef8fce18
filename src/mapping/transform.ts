/**
 * A mapping's transform applied to one value, in either direction:
 *   to Salesforce: value map (HubSpot value → Salesforce value), then coercion, then cleaning and truncation;
 *   to HubSpot:    coercion to text, then the reversed value map, then cleaning and truncation; with `ranges`, the
 *                  number becomes the option of the range picklist that holds it.
 * The coercion is `transform.coerce` when set, else the one the target field's type implies (number,
 * boolean, date, date-time; text for everything else). Blank in is blank out (`null`: clears the field).
 * Values that cannot convert throw a `MappingValueError`; text cut to the target length is a warning.
 * Length counts in the target field's own unit (`TargetField.lengthUnit`, from its connector's describe).
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldType } from '../domain/field.ts';
import { cutText, textLength, type LengthUnit } from '../domain/text-length.ts';
import type { FieldValue } from '../domain/person.ts';
import { type CoerceKind, coerceForHubSpot, coerceForSalesforce } from './coerce.ts';
import { MappingValueError } from './mapping-value-error.ts';
import { rangeOf } from './number-ranges.ts';
import type { Transform } from './schema.ts';
import { isBlank } from './values.ts';

/** What the conversion needs to know about the field it writes (from `describe()`). */
export interface TargetField {
  readonly type: FieldType;
  /** Max text length, when the CRM has one. */
  readonly length: number | null;
  /** What `length` counts, as the target CRM's connector reports it; absent: code points. */
  readonly lengthUnit?: LengthUnit | undefined;
  /** Active picklist option values (for `transform.ranges`). */
  readonly options?: readonly string[] | undefined;
}

export interface TruncationWarning {
  readonly code: 'truncated';
  readonly field: string;
  readonly target: CrmName;
  readonly length: number;
  readonly maxLength: number;
}

export interface Converted {
  readonly value: FieldValue;
  readonly warning?: TruncationWarning;
}

export interface ConvertOptions {
  /** `hubspot → Salesforce` names for messages, e.g. `jobtitle → Title`. */
  readonly field: string;
  readonly transform?: Transform | undefined;
  readonly target?: TargetField | undefined;
}

/** Multi-select values travel as `a;b;c` in both CRMs. */
const MULTI_SEPARATOR = ';';

/** The value map read backwards; when several HubSpot values map to one Salesforce value, the first wins. */
export function reverseValueMap(valueMap: Readonly<Record<string, string>>): Record<string, string> {
  const reversed: Record<string, string> = {};
  for (const [hubspot, salesforce] of Object.entries(valueMap)) {
    if (!Object.hasOwn(reversed, salesforce)) reversed[salesforce] = hubspot;
  }
  return reversed;
}

/** A value through a map: whole value first, else each `;`-separated option; unmapped values pass as-is. */
export function mapValue(value: string, map: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(map, value)) return map[value] ?? value;
  if (!value.includes(MULTI_SEPARATOR)) return value;
  return value
    .split(MULTI_SEPARATOR)
    .map((part) => (Object.hasOwn(map, part) ? (map[part] ?? part) : part))
    .join(MULTI_SEPARATOR);
}

/** The coercion a target field type implies when the config names none. */
export function impliedCoercion(type: FieldType | undefined): CoerceKind | undefined {
  switch (type) {
    case undefined:
      return undefined;
    case 'number':
    case 'boolean':
    case 'date':
    case 'datetime':
      return type;
    default:
      return 'string';
  }
}

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL: invisible in both CRMs'
 * UIs, and XML 1.0 (Salesforce's SOAP and Metadata APIs, report exports) cannot carry most of them. A
 * lone UTF-16 surrogate is not a character at all (RFC 8259 §8.2); it becomes U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text as a CRM can hold it, whatever the other CRM's record carried. */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(CONTROL, '');
}

function truncate(raw: FieldValue, options: ConvertOptions, target: CrmName): Converted {
  const value = typeof raw === 'string' ? cleanText(raw) : raw;
  const max = options.target?.length ?? null;
  if (typeof value !== 'string' || max === null || max <= 0) return { value };
  const unit = options.target?.lengthUnit ?? 'codepoint';
  const length = textLength(value, unit);
  if (length <= max) return { value };
  if (options.transform?.truncate === false)
    throw new MappingValueError(options.field, value, 'too-long', target);
  return {
    value: cutText(value, max, unit),
    warning: { code: 'truncated', field: options.field, target, length, maxLength: max },
  };
}

/** A HubSpot value (text) as the Salesforce field should hold it. */
export function toSalesforce(value: FieldValue, options: ConvertOptions): Converted {
  if (isBlank(value) || value === null) return { value: null };
  const map = options.transform?.valueMap;
  let mapped: Exclude<FieldValue, null> = value;
  if (map) {
    if (typeof value !== 'string')
      throw new MappingValueError(options.field, value, 'not-text', 'salesforce');
    mapped = mapValue(value, map);
  }
  const kind = options.transform?.coerce ?? impliedCoercion(options.target?.type);
  if (kind === undefined) return truncate(mapped, options, 'salesforce');
  const coerced = coerceForSalesforce(mapped, kind);
  if (!coerced.ok) throw new MappingValueError(options.field, value, coerced.reason, 'salesforce');
  return truncate(coerced.value, options, 'salesforce');
}

/** A Salesforce value (typed JSON) as the HubSpot property should hold it: always text. */
export function toHubSpot(value: FieldValue, options: ConvertOptions): Converted {
  if (isBlank(value) || value === null) return { value: null };
  if (options.transform?.ranges) {
    const n = coerceForSalesforce(value, 'number');
    if (!n.ok || typeof n.value !== 'number')
      throw new MappingValueError(options.field, value, 'not-a-number', 'hubspot');
    const range = rangeOf(n.value, options.target?.options ?? []);
    if (range === null) throw new MappingValueError(options.field, value, 'no-range', 'hubspot');
    return { value: range };
  }
  const kind = options.transform?.coerce ?? impliedCoercion(options.target?.type) ?? 'string';
  const coerced = coerceForHubSpot(value, kind);
  if (!coerced.ok) throw new MappingValueError(options.field, value, coerced.reason, 'hubspot');
  const map = options.transform?.valueMap;
  const text = String(coerced.value);
  return truncate(map ? mapValue(text, reverseValueMap(map)) : text, options, 'hubspot');
}
