/**
 * Field and option label changes. A field label is PATCHed directly; option labels by PATCHing the full
 * `options` array with every `value` kept (the array replaces the option set). HubSpot-defined
 * properties are left alone.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/update-property
 */
import type { LabelChange } from '../../src/domain/field.ts';
import type { LabelResult } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import { toSyncError } from './errors.ts';
import { CONTACTS, readProperties } from './properties.ts';
import { HsProperty } from './schemas.ts';

export async function updateLabels(api: HubSpotApi, changes: readonly LabelChange[]): Promise<LabelResult[]> {
  const results = new Map<LabelChange, LabelResult>();
  const byObject = Map.groupBy(changes, (c) => c.object);
  for (const [object, objectChanges] of byObject) {
    // An options PATCH replaces the whole option set, so it is built from the property as it is now; a
    // field label PATCH needs nothing read (a missing or HubSpot-defined property answers an error).
    const needsRead = objectChanges.some((c) => c.optionValue !== undefined);
    const props = needsRead
      ? new Map((await readProperties(api, object === 'contact' ? CONTACTS : object)).map((p) => [p.name, p]))
      : null;
    for (const [field, fieldChanges] of Map.groupBy(objectChanges, (c) => c.field)) {
      const prop = props === null ? UNREAD : props.get(field);
      for (const r of await applyToProperty(
        api,
        object === 'contact' ? CONTACTS : object,
        prop,
        field,
        fieldChanges,
      )) {
        results.set(r.change, r);
      }
    }
  }
  return changes.map((c) => results.get(c) ?? { change: c, status: 'failed', message: 'not processed' });
}

/** What applying changes knows of a property: all of it when read, nothing when only its label changes. */
type KnownProperty = Pick<HsProperty, 'options' | 'hubspotDefined' | 'modificationMetadata'> & {
  readonly label: string | null;
};
const UNREAD: KnownProperty = { label: null };

async function applyToProperty(
  api: HubSpotApi,
  objectType: string,
  prop: KnownProperty | undefined,
  field: string,
  changes: readonly LabelChange[],
): Promise<LabelResult[]> {
  if (!prop)
    return changes.map((change) => ({ change, status: 'failed', message: `no property "${field}"` }));
  if (prop.hubspotDefined === true || prop.modificationMetadata?.readOnlyDefinition === true) {
    return changes.map((change) => ({ change, status: 'not-editable', message: 'HubSpot-defined property' }));
  }
  const out: LabelResult[] = [];
  const patch: { label?: string; options?: NonNullable<HsProperty['options']> } = {};
  const applied: LabelChange[] = [];
  let options = prop.options ?? [];
  for (const change of changes) {
    if (change.optionValue === undefined) {
      if (prop.label === change.to) out.push({ change, status: 'unchanged' });
      else {
        patch.label = change.to;
        applied.push(change);
      }
      continue;
    }
    const option = options.find((o) => o.value === change.optionValue);
    if (!option)
      out.push({ change, status: 'failed', message: `no option "${change.optionValue}" on "${field}"` });
    else if (option.label === change.to) out.push({ change, status: 'unchanged' });
    else {
      options = options.map((o) => (o.value === change.optionValue ? { ...o, label: change.to } : o));
      patch.options = options;
      applied.push(change);
    }
  }
  if (applied.length === 0) return out;
  try {
    await api.call(
      {
        family: 'properties',
        method: 'PATCH',
        path: `/crm/v3/properties/${objectType}/${encodeURIComponent(field)}`,
        body: patch,
      },
      HsProperty,
    );
    return [...out, ...applied.map((change): LabelResult => ({ change, status: 'applied' }))];
  } catch (err) {
    const e = toSyncError(err);
    if (e.kind === 'auth' || e.kind === 'rate_limited') throw e;
    return [
      ...out,
      ...applied.map((change): LabelResult => ({ change, status: 'failed', message: e.message })),
    ];
  }
}
