/**
 * Custom fields as the Tooling API creates and edits them: `Metadata` (CustomField metadata type) in,
 * a describe-ready `FieldDef` out, visible to describe, SOQL and writes once field-level security grants it
 * (`field-access.ts`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import { F, type FieldDef, type PicklistValueDef, type SfFieldType } from '../catalog/field-def.ts';
import { applyNewField } from './field-access.ts';
import type { CustomFieldEntry, SalesforceStoreCore } from './store-core.ts';

/** A rejected Tooling request; `code` is the Salesforce errorCode, `fields` the offending attributes. */
export class ToolingError extends LeadloopError {
  readonly fields: readonly string[];
  constructor(code: string, message: string, fields: readonly string[] = []) {
    super(code, message, { fields });
    this.fields = fields;
  }
}

const TYPES: Record<string, SfFieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Number: 'double',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Percent: 'percent',
  Currency: 'currency',
};

function num(meta: Record<string, unknown>, key: string): number | undefined {
  const v = meta[key];
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
}

function picklistValues(meta: Record<string, unknown>): { values: PicklistValueDef[]; restricted: boolean } {
  const valueSet = (meta['valueSet'] ?? {}) as Record<string, unknown>;
  const definition = (valueSet['valueSetDefinition'] ?? {}) as Record<string, unknown>;
  const raw = Array.isArray(definition['value']) ? (definition['value'] as Record<string, unknown>[]) : [];
  if (raw.length === 0)
    throw new ToolingError('FIELD_INTEGRITY_EXCEPTION', 'Picklist fields need at least one value', [
      'valueSet',
    ]);
  const values = raw.map((v) => {
    const name = String(v['valueName'] ?? v['fullName'] ?? '');
    return {
      valueName: name,
      label: String(v['label'] ?? name),
      default: v['default'] === true,
      active: v['isActive'] !== false,
    };
  });
  return { values, restricted: valueSet['restricted'] === true };
}

/** Builds the field definition a CustomField Metadata describes; throws `ToolingError` when invalid. */
export function fieldFromMetadata(fieldName: string, meta: Record<string, unknown>): FieldDef {
  const label = meta['label'];
  if (typeof label !== 'string' || label.trim() === '') {
    throw new ToolingError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [label]', ['label']);
  }
  const type = TYPES[String(meta['type'] ?? '')];
  if (!type)
    throw new ToolingError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Unsupported or missing field type: ${String(meta['type'])}`,
      ['type'],
    );
  const field = F.custom(fieldName, label, type, {
    custom: true,
    externalId: meta['externalId'] === true,
    unique: meta['unique'] === true,
    nillable: meta['required'] !== true,
    description: typeof meta['description'] === 'string' ? meta['description'] : null,
    inlineHelpText: typeof meta['inlineHelpText'] === 'string' ? meta['inlineHelpText'] : null,
  });
  if (type === 'string' || (type === 'textarea' && meta['type'] === 'LongTextArea')) {
    const length = num(meta, 'length');
    const max = type === 'string' ? 255 : 131072;
    if (length === undefined || !Number.isInteger(length) || length < 1 || length > max) {
      throw new ToolingError('FIELD_INTEGRITY_EXCEPTION', `Length must be an integer between 1 and ${max}`, [
        'length',
      ]);
    }
    field.length = length;
  } else if (type === 'textarea') field.length = 255;
  else if (type === 'email') field.length = 80;
  else if (type === 'phone') field.length = 40;
  else if (type === 'url') field.length = 255;
  if (type === 'double' || type === 'currency' || type === 'percent') {
    const precision = num(meta, 'precision') ?? 18;
    const scale = num(meta, 'scale') ?? 0;
    if (precision < 1 || precision > 18 || scale < 0 || scale > precision) {
      throw new ToolingError('FIELD_INTEGRITY_EXCEPTION', 'Precision must be 1..18 and scale 0..precision', [
        'precision',
        'scale',
      ]);
    }
    field.precision = precision;
    field.scale = scale;
  }
  if (type === 'boolean') {
    field.nillable = false;
    field.defaultedOnCreate = true;
    field.defaultValue = meta['defaultValue'] === true || meta['defaultValue'] === 'true';
  }
  if (type === 'picklist' || type === 'multipicklist') {
    const { values, restricted } = picklistValues(meta);
    field.picklistValues = values;
    field.restrictedPicklist = restricted;
    field.length = type === 'picklist' ? 255 : 4099;
  }
  return field;
}

const NAME_AND_LABEL_MAX = 40;

/** Adds a custom field to an object; `DUPLICATE_DEVELOPER_NAME` when it exists. */
export function addCustomField(
  store: SalesforceStoreCore,
  tableName: string,
  fieldName: string,
  meta: Record<string, unknown>,
  options: { openToAll?: boolean } = {},
): CustomFieldEntry {
  const table = store.table(tableName);
  if (!table)
    throw new ToolingError('INVALID_TYPE', `sObject type '${tableName}' is not supported.`, ['FullName']);
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(fieldName) || fieldName.includes('___')) {
    throw new ToolingError(
      'FIELD_INTEGRITY_EXCEPTION',
      `${tableName}.${fieldName} is not a custom field name: custom field API names end in __c. Standard fields ` +
        'cannot be created, and their labels cannot be changed through the API (Setup > Rename Tabs and Labels only).',
      ['FullName'],
    );
  }
  // Salesforce caps a custom field's developer name (before __c) and its label at 40 characters each.
  if (fieldName.length - 3 > NAME_AND_LABEL_MAX)
    throw new ToolingError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Value too long for field: fullName maximum length is:${NAME_AND_LABEL_MAX}`,
      ['FullName'],
    );
  const label = meta['label'];
  if (typeof label === 'string' && label.length > NAME_AND_LABEL_MAX)
    throw new ToolingError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Value too long for field: label maximum length is:${NAME_AND_LABEL_MAX}`,
      ['label'],
    );
  const hidden = [...store.customFields.values()].some(
    (c) => c.table === table.def.name && c.field.name.toLowerCase() === fieldName.toLowerCase(),
  );
  if (table.field(fieldName) || hidden) {
    const developerName = fieldName.slice(0, -3);
    throw new ToolingError(
      'DUPLICATE_DEVELOPER_NAME',
      `There is already a field named ${developerName} on ${table.def.name}.`,
      ['FullName'],
    );
  }
  const field = fieldFromMetadata(fieldName, meta);
  const now = store.now();
  const entry: CustomFieldEntry = {
    id: store.ids.allocate('00N'),
    table: table.def.name,
    field,
    metadata: { ...meta, label: field.label },
    createdDate: now,
    lastModifiedDate: now,
    ...(options.openToAll ? { openToAll: true } : {}),
  };
  store.customFields.set(entry.id, entry);
  applyNewField(store, entry);
  return entry;
}

/** Applies a Tooling PATCH of `Metadata`: label, help text, description, lengths, picklist labels. */
export function updateCustomField(
  store: SalesforceStoreCore,
  entry: CustomFieldEntry,
  meta: Record<string, unknown>,
): void {
  const merged = { ...entry.metadata, ...meta };
  const next = fieldFromMetadata(entry.field.name, merged);
  if (next.type !== entry.field.type) {
    throw new ToolingError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Cannot change the type of ${entry.table}.${entry.field.name} in the sandbox`,
      ['type'],
    );
  }
  Object.assign(entry.field, { ...next, name: entry.field.name });
  entry.metadata = merged;
  entry.lastModifiedDate = store.now();
}
