/**
 * The Tooling API objects the sandbox serves, as queryable tables built from the org's state:
 * CustomField (custom fields with their Metadata) and StandardValueSet (standard picklists such as
 * LeadStatus, with value labels).
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_standardvalueset.htm
 */
import { F, sobject, type PicklistValueDef, type SObjectDef } from '../catalog/field-def.ts';
import type { QuerySource } from '../soql/resolve-path.ts';
import type { CustomFieldEntry, SalesforceStoreCore } from '../store/store-core.ts';
import { SObjectTable } from '../store/table.ts';

const RO = { createable: false, updateable: false };

function customFieldDef(): SObjectDef {
  return sobject(
    'CustomField',
    'Custom Field Definition',
    'Custom Field Definitions',
    '00N',
    [
      F.text('DeveloperName', 'Field Name', 40, RO),
      F.text('TableEnumOrId', 'Table Enum or ID', 40, RO),
      F.text('FullName', 'Full Name', 255, { createable: true, updateable: false }),
      F.custom('Metadata', 'Metadata', 'complexvalue', { createable: true, updateable: true }),
      F.text('NamespacePrefix', 'Namespace Prefix', 15, RO),
      F.text('Description', 'Description', 1000, RO),
      F.text('InlineHelpText', 'Help Text', 510, RO),
    ],
    [],
    { tooling: true },
  );
}

function standardValueSetDef(): SObjectDef {
  return sobject(
    'StandardValueSet',
    'Standard Value Set',
    'Standard Value Sets',
    '0Ps',
    [
      F.text('MasterLabel', 'Master Label', 80, RO),
      F.text('FullName', 'Full Name', 255, RO),
      F.custom('Metadata', 'Metadata', 'complexvalue', { createable: false, updateable: true }),
    ],
    [],
    { tooling: true },
  );
}

/** CustomField `Metadata` as Tooling returns it: what was written, with current label/lengths. */
export function customFieldMetadata(entry: CustomFieldEntry): Record<string, unknown> {
  const f = entry.field;
  return {
    ...entry.metadata,
    label: f.label,
    length: entry.metadata['length'] ?? (f.type === 'string' ? f.length : null),
    precision: entry.metadata['precision'] ?? (f.precision || null),
    scale: entry.metadata['scale'] ?? (f.precision ? f.scale : null),
    required: !f.nillable && f.type !== 'boolean',
    externalId: f.externalId,
    unique: f.unique,
    description: f.description,
    inlineHelpText: f.inlineHelpText,
    valueSet: f.picklistValues
      ? {
          restricted: f.restrictedPicklist,
          valueSetDefinition: {
            sorted: false,
            value: f.picklistValues.map((v) => ({
              valueName: v.valueName,
              label: v.label,
              default: v.default,
              isActive: v.active,
            })),
          },
        }
      : null,
  };
}

export function customFieldRecord(entry: CustomFieldEntry) {
  const name = entry.field.name;
  return {
    Id: entry.id,
    DeveloperName: name.slice(0, -3),
    TableEnumOrId: entry.table,
    FullName: `${entry.table}.${name}`,
    Metadata: customFieldMetadata(entry),
    NamespacePrefix: null,
    Description: entry.field.description,
    InlineHelpText: entry.field.inlineHelpText,
    CreatedDate: entry.createdDate,
    LastModifiedDate: entry.lastModifiedDate,
  };
}

/** StandardValueSet `Metadata`: `standardValue[]` keyed by `valueName`, labels editable. */
export function standardValueSetMetadata(values: readonly PicklistValueDef[]): Record<string, unknown> {
  return {
    sorted: false,
    groupingStringEnum: null,
    standardValue: values.map((v) => ({
      valueName: v.valueName,
      label: v.label,
      default: v.default,
      description: null,
      isActive: v.active,
      ...(v.converted !== undefined ? { converted: v.converted } : {}),
      ...(v.closed !== undefined ? { closed: v.closed } : {}),
      ...(v.won !== undefined ? { won: v.won } : {}),
    })),
  };
}

export function standardValueSetRecord(store: SalesforceStoreCore, name: string) {
  return {
    Id: store.valueSetIds.get(name) ?? '',
    MasterLabel: name,
    FullName: name,
    Metadata: standardValueSetMetadata(store.valueSets.get(name) ?? []),
  };
}

/** A query source over fresh Tooling tables (small: custom fields and value sets only). */
export function toolingSource(store: SalesforceStoreCore): QuerySource {
  const fields = new SObjectTable(customFieldDef());
  const sets = new SObjectTable(standardValueSetDef());
  const stamp = store.now();
  const system = {
    IsDeleted: false,
    CreatedById: store.integrationUserId,
    LastModifiedById: store.integrationUserId,
    SystemModstamp: stamp,
  };
  for (const entry of store.customFields.values()) {
    const r = customFieldRecord(entry);
    fields.put({
      ...system,
      ...r,
      Metadata: JSON.stringify(r.Metadata),
      SystemModstamp: entry.lastModifiedDate,
    });
  }
  for (const name of store.valueSets.keys()) {
    const r = standardValueSetRecord(store, name);
    sets.put({
      ...system,
      ...r,
      Metadata: JSON.stringify(r.Metadata),
      CreatedDate: stamp,
      LastModifiedDate: stamp,
    });
  }
  const tables = new Map([
    ['customfield', fields],
    ['standardvalueset', sets],
  ]);
  return {
    table: (name) => tables.get(name.toLowerCase()),
    tableOfId: (id) => (id.startsWith('00N') ? fields : id.startsWith('0Ps') ? sets : undefined),
  };
}
