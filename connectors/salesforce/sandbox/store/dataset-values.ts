/**
 * Dataset values in the org's terms: stored time stamps, names, picklist values the dataset brings, and
 * dataset `fields` (unknown `__c` names become custom fields, other unknown names are errors).
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { FieldDef, SfValue } from '../catalog/field-def.ts';
import { addCustomField } from './custom-fields.ts';
import type { SalesforceStore } from './salesforce-store.ts';
import { sfDateTime } from './store-core.ts';
import type { SObjectTable } from './table.ts';

const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Dataset time → stored form; the common `…000Z` form is rewritten without a Date round trip. */
export const stamp = (iso: string): string =>
  UTC_MS.test(iso) ? `${iso.slice(0, -1)}+0000` : sfDateTime(new Date(iso));

export function splitName(name: string): { FirstName: string | null; LastName: string } {
  const i = name.lastIndexOf(' ');
  return i < 0
    ? { FirstName: null, LastName: name }
    : { FirstName: name.slice(0, i), LastName: name.slice(i + 1) };
}

/** Picklist values the dataset uses that the org lacks are added, as an admin would have. */
export function ensurePicklistValue(
  store: SalesforceStore,
  table: SObjectTable,
  fieldName: string,
  value: SfValue,
): void {
  const field = table.field(fieldName);
  if (typeof value !== 'string' || !field?.valueSet) return;
  const values = store.valueSets.get(field.valueSet);
  if (values && !values.some((v) => v.valueName === value)) {
    values.push({ valueName: value, label: value, default: false, active: true });
  }
}

function inferMetadata(name: string, value: SfValue): Record<string, unknown> {
  const label = name.slice(0, -3).replace(/_/g, ' ');
  if (typeof value === 'number')
    return { label, type: 'Number', precision: 18, scale: Number.isInteger(value) ? 0 : 2 };
  if (typeof value === 'boolean') return { label, type: 'Checkbox', defaultValue: false };
  return { label, type: 'Text', length: 255 };
}

/** Copies dataset `fields` onto a row; unknown `__c` names become custom fields, other unknown names are errors. */
export function applyExtraFields(
  store: SalesforceStore,
  table: SObjectTable,
  fields: Record<string, SfValue>,
  row: Record<string, SfValue>,
): void {
  for (const [name, value] of Object.entries(fields)) {
    let def: FieldDef | undefined = table.field(name);
    if (!def) {
      if (!name.endsWith('__c')) {
        throw new LeadloopError(
          'SANDBOX_DATASET_FIELD',
          `dataset field ${table.def.name}.${name} is neither standard nor custom (__c)`,
          {
            sobject: table.def.name,
            field: name,
          },
        );
      }
      // The org's own fields were made in Setup, open to every profile.
      def = addCustomField(store, table.def.name, name, inferMetadata(name, value), {
        openToAll: true,
      }).field;
    }
    ensurePicklistValue(store, table, def.name, value);
    row[def.name] = value;
  }
}
