/**
 * `updateLabels`: custom field labels (CustomField `Metadata.label`), custom picklist value labels
 * (`Metadata.valueSet.valueSetDefinition.value[].label`) and standard picklist value labels (Lead Status
 * and friends, via StandardValueSet). API values (`valueName`) never change. Standard field labels are
 * renamed in Setup only, so they come back `not-editable`.
 * Tooling `/composite` calls only: the records touched are read with their full `Metadata`
 * (`read-tooling-records.ts`), relabelled, and PATCHed back whole, 25 per call (a partial Metadata can
 * reset other attributes).
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_resources_composite_composite.htm
 */
import type { LabelChange } from '../../src/domain/field.ts';
import type { LabelResult } from '../types.ts';
import type { DescribeCache } from './describe.ts';
import { readToolingRecords, type RecordRef } from './read-tooling-records.ts';
import { SfToolingCustomField, SfToolingStandardValueSet } from './schemas.ts';
import { STANDARD_VALUE_SETS, answerError, isFatal, type Tooling, type ToolingOp } from './tooling.ts';

type Label = { valueName?: string | null; fullName?: string | null; label?: string | null };

/** One Tooling record to read, relabel and write back: a custom field or a standard value set. */
interface Target {
  readonly ref: RecordRef;
  readonly changes: LabelChange[];
  /** Relabels the record read; the PATCH to send when any change applied. */
  apply(id: string, record: Record<string, unknown>): { results: LabelResult[]; patch?: ToolingOp };
}

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

const applied = (results: readonly LabelResult[]): boolean => results.some((r) => r.status === 'applied');

function customFieldTarget(object: string, field: string): Target {
  return {
    ref: { kind: 'field', object, field },
    changes: [],
    apply(id, record) {
      const f = SfToolingCustomField.parse(record);
      const values = f.Metadata.valueSet?.valueSetDefinition?.value;
      const globalSet = f.Metadata.valueSet?.valueSetName;
      const results = this.changes.map((change): LabelResult => {
        if (change.optionValue === undefined) {
          if (f.Metadata.label === change.to) return { change, status: 'unchanged' };
          f.Metadata.label = change.to;
          return { change, status: 'applied' };
        }
        if (globalSet)
          return {
            change,
            status: 'not-editable',
            message: `values come from global value set ${globalSet}`,
          };
        return values
          ? relabel(values, change)
          : { change, status: 'failed', message: 'field has no picklist values' };
      });
      const body = { FullName: f.FullName, Metadata: f.Metadata };
      const patch = { method: 'PATCH', path: `/sobjects/CustomField/${id}`, body } as const;
      return applied(results) ? { results, patch } : { results };
    },
  };
}

function standardSetTarget(name: string): Target {
  return {
    ref: { kind: 'set', name },
    changes: [],
    apply(id, record) {
      const set = SfToolingStandardValueSet.parse(record);
      const results = this.changes.map((change) => relabel(set.Metadata.standardValue, change));
      const body = { FullName: set.FullName ?? name, Metadata: set.Metadata };
      const patch = {
        method: 'PATCH',
        path: `/sobjects/StandardValueSet/${id}`,
        body,
      } as const;
      return applied(results) ? { results, patch } : { results };
    },
  };
}

const notEditable = (change: LabelChange): LabelResult => ({
  change,
  status: 'not-editable',
  message: 'standard field: labels are renamed in Setup, not through the API',
});

/** Groups changes by the Tooling record they edit; standard field labels are answered at once. */
function plan(changes: readonly LabelChange[], results: Map<LabelChange, LabelResult>): Target[] {
  const targets = new Map<string, Target>();
  for (const change of changes) {
    const setName = STANDARD_VALUE_SETS[`${change.object}.${change.field}`];
    const custom = /__c$/i.test(change.field);
    if ((!setName && !custom) || (setName && change.optionValue === undefined)) {
      results.set(change, notEditable(change));
      continue;
    }
    // Lead.LeadSource and Contact.LeadSource share one value set: one read, one PATCH for both.
    const key = setName ? `set:${setName}` : `field:${change.object}.${change.field.toLowerCase()}`;
    let target = targets.get(key);
    if (!target) {
      target = setName ? standardSetTarget(setName) : customFieldTarget(change.object, change.field);
      targets.set(key, target);
    }
    target.changes.push(change);
  }
  return [...targets.values()];
}

export async function updateLabels(
  tooling: Tooling,
  describe: DescribeCache,
  changes: readonly LabelChange[],
): Promise<LabelResult[]> {
  const results = new Map<LabelChange, LabelResult>();
  const fail = (target: Target, message: string): void => {
    for (const change of target.changes) results.set(change, { change, status: 'failed', message });
  };

  const targets = plan(changes, results);
  const reads = await readToolingRecords(
    tooling,
    targets.map((t) => t.ref),
  );
  const writes: { target: Target; op: ToolingOp; results: LabelResult[] }[] = [];
  targets.forEach((target, i) => {
    const read = reads[i] ?? { ok: false, message: 'not read' };
    if (!read.ok) return fail(target, read.message);
    try {
      const { results: out, patch } = target.apply(read.id, read.record);
      if (patch) writes.push({ target, op: patch, results: out });
      else for (const r of out) results.set(r.change, r);
    } catch (err) {
      fail(target, `unexpected Tooling record: ${err instanceof Error ? err.message : String(err)}`);
    }
  });

  const answers = await tooling.run(writes.map((w) => w.op));
  let fatal: Error | undefined;
  writes.forEach((w, i) => {
    const answer = answers[i] ?? { status: 0, body: null };
    if (answer.status < 300) {
      for (const r of w.results) results.set(r.change, r);
      for (const change of w.target.changes) describe.invalidate(change.object);
      return;
    }
    const error = answerError(answer);
    if (isFatal(error)) fatal ??= error;
    else fail(w.target, error.message);
  });
  if (fatal) throw fatal;
  return changes.map(
    (change) => results.get(change) ?? { change, status: 'failed', message: 'not processed' },
  );
}
