/**
 * Provision leadloop's own contact properties in the `leadloop` group. The linked Salesforce id is a
 * unique-value property (`hasUniqueValue`), which batch upsert needs as its `idProperty`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/create-property
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/groups/create-group
 */
import type { FieldSpec } from '../../src/domain/field.ts';
import type { FieldCreateResult } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import { toSyncError } from './errors.ts';
import { CONTACTS, readProperties, toHubSpotType } from './properties.ts';
import { HsProperty, HsPropertyGroup, HsPropertyGroupList } from './schemas.ts';

export const LEADLOOP_GROUP = 'leadloop';
export const SALESFORCE_ID_PROPERTY = 'leadloop_salesforce_id';

const BOOLEAN_OPTIONS = [
  { label: 'Yes', value: 'true', hidden: false, displayOrder: 0 },
  { label: 'No', value: 'false', hidden: false, displayOrder: 1 },
];

export function propertyCreateBody(spec: FieldSpec): Record<string, unknown> {
  const { type, fieldType } = toHubSpotType(spec.type);
  const options =
    spec.type === 'boolean'
      ? BOOLEAN_OPTIONS
      : (spec.options ?? []).map((o, i) => ({
          label: o.label,
          value: o.value,
          hidden: !o.active,
          displayOrder: i,
        }));
  return {
    name: spec.name,
    label: spec.label,
    type,
    fieldType,
    groupName: spec.group ?? LEADLOOP_GROUP,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(spec.type === 'id' || spec.name === SALESFORCE_ID_PROPERTY ? { hasUniqueValue: true } : {}),
  };
}

export async function createFields(
  api: HubSpotApi,
  specs: readonly FieldSpec[],
): Promise<FieldCreateResult[]> {
  if (specs.length === 0) return [];
  const existing = new Set((await readProperties(api, CONTACTS)).map((p) => p.name));
  const groups = new Set(specs.filter((s) => !existing.has(s.name)).map((s) => s.group ?? LEADLOOP_GROUP));
  if (groups.size > 0) await ensureGroups(api, groups);
  const out: FieldCreateResult[] = [];
  for (const spec of specs) {
    if (existing.has(spec.name)) {
      out.push({ spec, status: 'exists' });
      continue;
    }
    try {
      await api.call(
        {
          family: 'properties',
          method: 'POST',
          path: `/crm/v3/properties/${CONTACTS}`,
          body: propertyCreateBody(spec),
        },
        HsProperty,
      );
      existing.add(spec.name);
      out.push({ spec, status: 'created' });
    } catch (err) {
      const e = toSyncError(err);
      if (e.kind === 'auth' || e.kind === 'rate_limited') throw e;
      // 409: created meanwhile (another worker, a retried call): it exists, which is what we wanted.
      if (e.context['status'] === 409) out.push({ spec, status: 'exists' });
      else out.push({ spec, status: 'failed', message: e.message });
    }
  }
  return out;
}

async function ensureGroups(api: HubSpotApi, wanted: ReadonlySet<string>): Promise<void> {
  const path = `/crm/v3/properties/${CONTACTS}/groups`;
  const { data } = await api.call({ family: 'properties', method: 'GET', path }, HsPropertyGroupList);
  const have = new Set(data.results.map((g) => g.name));
  for (const name of wanted) {
    if (have.has(name)) continue;
    try {
      await api.call(
        {
          family: 'properties',
          method: 'POST',
          path,
          body: { name, label: name === LEADLOOP_GROUP ? 'leadloop' : name },
        },
        HsPropertyGroup,
      );
    } catch (err) {
      const e = toSyncError(err);
      if (e.context['status'] !== 409) throw e;
    }
  }
}
