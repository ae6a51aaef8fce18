/**
 * Provision leadloop's own contact properties in the `leadloop` group: one group create per group
 * (409 = it exists) and one properties batch create per 100 properties. The linked Salesforce id is a
 * unique-value property (`hasUniqueValue`), which batch upsert needs as its `idProperty`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/batch/create-properties
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/groups/create-group
 */
import { z } from 'zod';
import type { FieldSpec } from '../../src/domain/field.ts';
import type { FieldCreateResult } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import { toSyncError } from './errors.ts';
import { CONTACTS, readProperties, toHubSpotType } from './properties.ts';
import { HsProperty, HsPropertyGroup, HsStandardError } from './schemas.ts';

export const LEADLOOP_GROUP = 'leadloop';
export const SALESFORCE_ID_PROPERTY = 'leadloop_salesforce_id';
/** Inputs per `batch/create` call (HubSpot's batch limit). */
export const PROPERTY_BATCH_SIZE = 100;

/** `BatchResponseProperty` (201) or `BatchResponsePropertyWithErrors` (207). */
const HsPropertyBatchResponse = z.object({
  status: z.string().nullish(),
  results: z.array(HsProperty).default([]),
  numErrors: z.number().nullish(),
  errors: z.array(HsStandardError).nullish(),
});
type HsPropertyBatchResponse = z.infer<typeof HsPropertyBatchResponse>;

/** Categories that mean "a property by that name is already there": what we wanted. */
const EXISTS_CATEGORIES = new Set(['OBJECT_ALREADY_EXISTS', 'CONFLICT']);

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

/**
 * `existingNames` is what the caller already knows the portal holds (the connector's describe cache);
 * without it the properties are read once. A stale list costs nothing: a name created meanwhile comes
 * back from the batch as an "already exists" error and is reported `exists`.
 */
export async function createFields(
  api: HubSpotApi,
  specs: readonly FieldSpec[],
  existingNames?: () => Promise<Iterable<string>>,
  /** Property groups and properties are per object type: `companies` for leadloop's account fields. */
  objectType: string = CONTACTS,
): Promise<FieldCreateResult[]> {
  if (specs.length === 0) return [];
  const existing = new Set(
    existingNames ? await existingNames() : (await readProperties(api, objectType)).map((p) => p.name),
  );
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0)
    await ensureGroups(api, new Set(missing.map((s) => s.group ?? LEADLOOP_GROUP)), objectType);
  const outcome = new Map<FieldSpec, FieldCreateResult>();
  for (let i = 0; i < missing.length; i += PROPERTY_BATCH_SIZE) {
    for (const r of await createBatch(api, missing.slice(i, i + PROPERTY_BATCH_SIZE), objectType))
      outcome.set(r.spec, r);
  }
  return specs.map((spec) => outcome.get(spec) ?? { spec, status: 'exists' });
}

async function createBatch(
  api: HubSpotApi,
  specs: readonly FieldSpec[],
  objectType: string,
): Promise<FieldCreateResult[]> {
  let data: HsPropertyBatchResponse;
  try {
    ({ data } = await api.call(
      {
        family: 'properties',
        method: 'POST',
        path: `/crm/v3/properties/${objectType}/batch/create`,
        body: { inputs: specs.map(propertyCreateBody) },
      },
      HsPropertyBatchResponse,
    ));
  } catch (err) {
    const e = toSyncError(err);
    if (e.kind === 'auth' || e.kind === 'rate_limited') throw e;
    // The whole batch was refused (a malformed input fails them all): every spec carries the reason.
    return specs.map((spec) => ({ spec, status: 'failed', message: e.message }));
  }
  return batchResults(specs, data);
}

/** Per-input outcomes: created by result name, failed/exists by the names each error points at. */
export function batchResults(
  specs: readonly FieldSpec[],
  data: HsPropertyBatchResponse,
): FieldCreateResult[] {
  const created = new Set(data.results.map((p) => p.name));
  const errors = data.errors ?? [];
  const errorFor = new Map<string, HsStandardError>();
  for (const err of errors) for (const name of namedIn(err, specs)) errorFor.set(name, err);
  return specs.map((spec): FieldCreateResult => {
    if (created.has(spec.name)) return { spec, status: 'created' };
    const err = errorFor.get(spec.name);
    if (err && (EXISTS_CATEGORIES.has(err.category ?? '') || /already exists/i.test(err.message ?? '')))
      return { spec, status: 'exists' };
    const message = err
      ? (err.message ?? err.category ?? 'rejected')
      : `HubSpot answered the batch without a result for this property${errors.length > 0 ? `: ${errors.map((e) => e.message ?? e.category).join('; ')}` : ''}`;
    return { spec, status: 'failed', message };
  });
}

/** Spec names an error refers to: its context values first, else names quoted in its message. */
function namedIn(err: HsStandardError, specs: readonly FieldSpec[]): string[] {
  const names = new Set(specs.map((s) => s.name));
  const fromContext = Object.values(err.context ?? {})
    .flat()
    .filter((v) => names.has(v));
  if (fromContext.length > 0) return fromContext;
  const message = err.message ?? '';
  const quoted = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...names].filter((n) => new RegExp(`(^|[^a-z0-9_])${quoted(n)}([^a-z0-9_]|$)`).test(message));
}

/** One create per wanted group; 409 means it is there already (cheaper than listing groups first). */
async function ensureGroups(api: HubSpotApi, wanted: ReadonlySet<string>, objectType: string): Promise<void> {
  for (const name of wanted) {
    try {
      await api.call(
        {
          family: 'properties',
          method: 'POST',
          path: `/crm/v3/properties/${objectType}/groups`,
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
