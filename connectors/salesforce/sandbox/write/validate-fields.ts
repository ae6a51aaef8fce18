/**
 * Checks one record's fields for a create or update the way the platform does, and converts them to
 * stored form. Values JSON cannot turn into the field's type fail the whole request (400
 * JSON_PARSER_ERROR, thrown); everything else is a per-record error (INVALID_FIELD, STRING_TOO_LONG,
 * INVALID_EMAIL_ADDRESS, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, MALFORMED_ID, REQUIRED_FIELD_MISSING,
 * INVALID_FIELD_FOR_INSERT_UPDATE, CANNOT_UPDATE_CONVERTED_LEAD, ...).
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm
 */
import type { FieldDef, SfValue } from '../catalog/field-def.ts';
import { isIdShaped, to18 } from '../ids.ts';
import { ApiError } from '../http/api-error.ts';
import { sfDateTime, type SalesforceStoreCore } from '../store/store-core.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import { saveError, type SaveError } from './save-error.ts';

export type Validated = { ok: true; fields: Record<string, SfValue> } | { ok: false; errors: SaveError[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'phone',
  'url',
  'email',
]);

function parseError(field: FieldDef, value: unknown, kind: string): ApiError {
  return new ApiError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${kind} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE_' + typeof value} value ${String(value)} or request may be missing a required field (${field.name})`,
  );
}

/** Converts a JSON value to the field's stored form, or explains why it cannot be stored. */
function convert(store: SalesforceStoreCore, field: FieldDef, value: unknown): SfValue | SaveError {
  if (value === null) return field.type === 'boolean' ? false : null;
  if (TEXT.has(field.type)) {
    if (typeof value === 'object') throw parseError(field, value, 'String');
    const s = String(value);
    if (s === '') return null;
    if (s.length > field.length)
      return saveError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${s.slice(0, 40)} (max length=${field.length})`,
        [field.name],
      );
    if (field.type === 'email' && !EMAIL.test(s))
      return saveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${s}`, [field.name]);
    if (
      field.type === 'picklist' &&
      field.restrictedPicklist &&
      !store.picklistEntries(field).some((v) => v.active && v.valueName === s)
    ) {
      return saveError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${field.label}: bad value for restricted picklist field: ${s}`,
        [field.name],
      );
    }
    return s;
  }
  switch (field.type) {
    case 'id':
    case 'reference': {
      if (typeof value !== 'string') throw parseError(field, value, 'String');
      if (value === '') return null;
      if (!isIdShaped(value))
        return saveError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [
          field.name,
        ]);
      const id = to18(value);
      const target = store.tableOfId(id);
      if (!target || !field.referenceTo.includes(target.def.name)) {
        return saveError(
          'FIELD_INTEGRITY_EXCEPTION',
          `${field.label}: id value of incorrect type: ${value}`,
          [field.name],
        );
      }
      const row = target.rows.get(id);
      if (!row) return saveError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
      if (row['IsDeleted'] === true) return saveError('ENTITY_IS_DELETED', `entity is deleted`, [field.name]);
      return id;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw parseError(field, value, 'boolean');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n)))
        throw parseError(field, value, field.type === 'int' ? 'int' : 'double');
      const digits = field.type === 'int' ? field.digits : field.precision - field.scale;
      if (digits > 0 && Math.abs(Math.trunc(n)).toString().length > digits) {
        return saveError(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${field.label}: value outside of valid range on numeric field: ${n}`,
          [field.name],
        );
      }
      return n;
    }
    case 'date': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value.slice(0, 10))))
        throw parseError(field, value, 'Date');
      return value.slice(0, 10);
    }
    case 'datetime': {
      const t = typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      if (Number.isNaN(t)) throw parseError(field, value, 'DateTime');
      return sfDateTime(new Date(t));
    }
    default:
      throw parseError(field, value, field.type);
  }
}

const isSaveError = (v: SfValue | SaveError): v is SaveError => typeof v === 'object' && v !== null;

/** `existing` is the current row for updates, undefined for creates. */
export function validateFields(
  store: SalesforceStoreCore,
  table: SObjectTable,
  input: Record<string, unknown>,
  existing: Row | undefined,
): Validated {
  const errors: SaveError[] = [];
  const fields: Record<string, SfValue> = {};
  const readOnly: string[] = [];
  const missing: string[] = [];
  if (existing && table.def.name === 'Lead' && existing['IsConverted'] === true) {
    return {
      ok: false,
      errors: [saveError('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead')],
    };
  }
  for (const [key, value] of Object.entries(input)) {
    if (key === 'attributes' || (existing && key.toLowerCase() === 'id')) continue;
    const field = table.field(key);
    if (!field) {
      errors.push(saveError('INVALID_FIELD', `No such column '${key}' on sobject of type ${table.def.name}`));
      continue;
    }
    if (existing ? !field.updateable : !field.createable) {
      readOnly.push(field.name);
      continue;
    }
    const converted = convert(store, field, value);
    if (isSaveError(converted)) errors.push(converted);
    else if (converted === null && !field.nillable && field.type !== 'boolean') missing.push(field.name);
    else fields[field.name] = converted;
  }
  if (!existing) {
    for (const f of table.def.fields) {
      if (
        !f.nillable &&
        f.createable &&
        !f.defaultedOnCreate &&
        f.type !== 'boolean' &&
        !(f.name in fields) &&
        !missing.includes(f.name)
      )
        missing.push(f.name);
    }
  }
  if (readOnly.length > 0) {
    errors.push(
      saveError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      ),
    );
  }
  if (missing.length > 0)
    errors.push(
      saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing),
    );
  return errors.length > 0 ? { ok: false, errors } : { ok: true, fields };
}
