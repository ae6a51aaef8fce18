/**
 * `updateLabels`: custom field labels (CustomField `Metadata.label`), custom picklist value labels
 * (`Metadata.valueSet.valueSetDefinition.value[].label`) and standard picklist value labels (Lead Status
 * and friends, via StandardValueSet). API values (`valueName`) never change. Standard field labels are
 * renamed in Setup only, so they come back `not-editable`. One GET + one PATCH per field touched.
 */
import type { LabelChange } from '../../src/domain/field.ts';
import { SyncError } from '../../src/lib/errors.ts';
import type { LabelResult } from '../types.ts';
import type { DescribeCache } from './describe.ts';
import { toSyncError } from './errors.ts';
import { STANDARD_VALUE_SETS, developerName, type Tooling } from './tooling.ts';

type Label = { valueName?: string | null; fullName?: string | null; label?: string | null };

/** Sets `to` on the matching value; the status it earns. */
function relabel(values: Label[], change: LabelChange): LabelResult {
  const value = values.find((v) => (v.valueName ?? v.fullName) === change.optionValue);
  if (!value)
    return { change, status: 'failed', message: `no picklist value ${JSON.stringify(change.optionValue)}` };
  if ((value.label ?? value.valueName ?? value.fullName) === change.to)
    return { change, status: 'unchanged' };
  value.label = change.to;
  return { change, status: 'applied' };
}

function fatal(err: unknown): boolean {
  return err instanceof SyncError && (err.kind === 'auth' || err.kind === 'rate_limited');
}

async function applyStandardSet(
  tooling: Tooling,
  setName: string,
  changes: readonly LabelChange[],
): Promise<LabelResult[]> {
  const id = await tooling.standardValueSetId(setName);
  if (!id)
    return changes.map((change) => ({
      change,
      status: 'failed',
      message: `StandardValueSet ${setName} not found`,
    }));
  const set = await tooling.getStandardValueSet(id);
  const results = changes.map((change): LabelResult =>
    change.optionValue === undefined
      ? {
          change,
          status: 'not-editable',
          message: 'standard field labels are renamed in Setup, not through the API',
        }
      : relabel(set.Metadata.standardValue, change),
  );
  if (results.some((r) => r.status === 'applied')) await tooling.patchStandardValueSet(id, set, setName);
  return results;
}

async function applyCustomField(
  tooling: Tooling,
  id: string,
  changes: readonly LabelChange[],
): Promise<LabelResult[]> {
  const field = await tooling.getCustomField(id);
  const values = field.Metadata.valueSet?.valueSetDefinition?.value;
  const globalSet = field.Metadata.valueSet?.valueSetName;
  const results = changes.map((change): LabelResult => {
    if (change.optionValue === undefined) {
      if (field.Metadata.label === change.to) return { change, status: 'unchanged' };
      field.Metadata.label = change.to;
      return { change, status: 'applied' };
    }
    if (globalSet)
      return { change, status: 'not-editable', message: `values come from global value set ${globalSet}` };
    return values
      ? relabel(values, change)
      : { change, status: 'failed', message: 'field has no picklist values' };
  });
  if (results.some((r) => r.status === 'applied')) await tooling.patchCustomField(id, field);
  return results;
}

export async function updateLabels(
  tooling: Tooling,
  describe: DescribeCache,
  changes: readonly LabelChange[],
): Promise<LabelResult[]> {
  const groups = new Map<string, LabelChange[]>();
  for (const c of changes)
    groups.set(`${c.object}.${c.field}`, [...(groups.get(`${c.object}.${c.field}`) ?? []), c]);
  const results = new Map<LabelChange, LabelResult>();
  const customIds = new Map<string, Map<string, string>>();
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    let out: LabelResult[];
    try {
      const setName = STANDARD_VALUE_SETS[key];
      if (setName) {
        out = await applyStandardSet(tooling, setName, group);
      } else if (/__c$/i.test(first.field)) {
        let ids = customIds.get(first.object);
        if (!ids) {
          const names = [...groups.values()]
            .flat()
            .filter((c) => c.object === first.object && /__c$/i.test(c.field))
            .map((c) => c.field);
          ids = await tooling.customFieldIds(first.object, names);
          customIds.set(first.object, ids);
        }
        const id = ids.get(developerName(first.field).toLowerCase());
        out = id
          ? await applyCustomField(tooling, id, group)
          : group.map((change) => ({ change, status: 'failed', message: `custom field ${key} not found` }));
      } else {
        out = group.map((change) => ({
          change,
          status: 'not-editable',
          message: 'standard field: labels are renamed in Setup, not through the API',
        }));
      }
    } catch (err) {
      if (fatal(err)) throw err;
      const error = toSyncError(err);
      out = group.map((change) => ({ change, status: 'failed', message: error.message }));
    }
    out.forEach((r) => results.set(r.change, r));
    if (out.some((r) => r.status === 'applied')) describe.invalidate(first.object);
  }
  return changes.map(
    (change) => results.get(change) ?? { change, status: 'failed', message: 'not processed' },
  );
}
