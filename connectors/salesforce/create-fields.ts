/**
 * `createFields`: provisions leadloop's own custom fields through Tooling `CustomField` create. Fields that
 * already exist (describe, or `DUPLICATE_DEVELOPER_NAME` on create) come back `exists` and are left alone.
 * The HubSpot-id field is an External ID + unique, so upserts on it are idempotent.
 * Note: new fields need field-level security for the integration user before the API can read them.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
 */
import type { FieldSpec } from '../../src/domain/field.ts';
import { SyncError } from '../../src/lib/errors.ts';
import type { FieldCreateResult } from '../types.ts';
import type { DescribeCache } from './describe.ts';
import { toSyncError } from './errors.ts';
import { soqlIdentifier } from './soql.ts';
import type { Tooling } from './tooling.ts';

/** The external-id field creates upsert on (see `RecordCreate`). */
export const HUBSPOT_ID_FIELD = 'Leadloop_HubSpot_Id__c';

function apiName(spec: FieldSpec): string {
  return soqlIdentifier(/__c$/i.test(spec.name) ? spec.name : `${spec.name}__c`);
}

/** CustomField Metadata for a spec, or a reason it cannot be provisioned. */
export function customFieldMetadata(spec: FieldSpec): Record<string, unknown> | string {
  const base: Record<string, unknown> = {
    label: spec.label,
    ...(spec.description ? { description: spec.description } : {}),
  };
  switch (spec.type) {
    case 'string': {
      const external = apiName(spec).toLowerCase() === HUBSPOT_ID_FIELD.toLowerCase();
      return {
        ...base,
        type: 'Text',
        length: spec.length ?? 255,
        ...(external ? { externalId: true, unique: true, caseSensitive: false } : {}),
      };
    }
    case 'textarea':
      return { ...base, type: 'LongTextArea', length: spec.length ?? 32768, visibleLines: 3 };
    case 'number':
      return { ...base, type: 'Number', precision: 18, scale: 2 };
    case 'boolean':
      return { ...base, type: 'Checkbox', defaultValue: 'false' };
    case 'date':
      return { ...base, type: 'Date' };
    case 'datetime':
      return { ...base, type: 'DateTime' };
    case 'email':
      return { ...base, type: 'Email' };
    case 'phone':
      return { ...base, type: 'Phone' };
    case 'url':
      return { ...base, type: 'Url' };
    case 'picklist':
    case 'multipicklist': {
      const value = (spec.options ?? []).map((o) => ({ valueName: o.value, label: o.label, default: false }));
      return {
        ...base,
        type: spec.type === 'picklist' ? 'Picklist' : 'MultiselectPicklist',
        ...(spec.type === 'multipicklist' ? { visibleLines: 4 } : {}),
        valueSet: { restricted: true, valueSetDefinition: { sorted: false, value } },
      };
    }
    case 'id':
    case 'reference':
      return `type ${spec.type} cannot be provisioned as a custom field`;
  }
}

export async function createFields(
  tooling: Tooling,
  describe: DescribeCache,
  specs: readonly FieldSpec[],
): Promise<FieldCreateResult[]> {
  const results: FieldCreateResult[] = [];
  const changed = new Set<string>();
  for (const spec of specs) {
    const name = apiName(spec);
    const existing = await describe.fields(spec.object);
    if (existing.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      results.push({ spec, status: 'exists' });
      continue;
    }
    const metadata = customFieldMetadata(spec);
    if (typeof metadata === 'string') {
      results.push({ spec, status: 'failed', message: metadata });
      continue;
    }
    try {
      await tooling.createCustomField(`${soqlIdentifier(spec.object)}.${name}`, metadata);
      results.push({ spec, status: 'created' });
      changed.add(spec.object);
    } catch (err) {
      const error = toSyncError(err);
      if (error.code === 'DUPLICATE_DEVELOPER_NAME' || error.code === 'DUPLICATE_VALUE')
        results.push({ spec, status: 'exists' });
      else if (err instanceof SyncError && (err.kind === 'auth' || err.kind === 'rate_limited')) throw err;
      else results.push({ spec, status: 'failed', message: error.message });
    }
  }
  // Describe once per run: fields created above show up on the next describe.
  for (const object of changed) describe.invalidate(object);
  return results;
}
