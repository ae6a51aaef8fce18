/**
 * `createFields`: provisions leadloop's own custom fields through Tooling `CustomField` creates, packed 25
 * to a Tooling `/composite` call (`allOrNone: false`: one rejected field never holds the others back).
 * Fields that already exist (describe, or `DUPLICATE_DEVELOPER_NAME` on create) come back `exists` and
 * are left alone. The HubSpot-id field is an External ID + unique, so upserts on it are idempotent.
 * Field-level security hides a new field from the integration user, so every created or existing field is
 * then granted through leadloop's permission set (`permission-set.ts`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
 */
import type { FieldSpec } from '../../src/domain/field.ts';
import type { FieldCreateResult } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import type { DescribeCache } from './describe.ts';
import { grantFieldAccess } from './permission-set.ts';
import { soqlIdentifier } from './soql.ts';
import { answerError, isFatal, type Tooling, type ToolingOp } from './tooling.ts';

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

const EXISTS_CODES = new Set(['DUPLICATE_DEVELOPER_NAME', 'DUPLICATE_VALUE']);

export async function createFields(
  tooling: Tooling,
  describe: DescribeCache,
  specs: readonly FieldSpec[],
  client: SalesforceClient,
): Promise<FieldCreateResult[]> {
  const results = new Map<FieldSpec, FieldCreateResult>();
  const pending: { spec: FieldSpec; op: ToolingOp }[] = [];
  for (const spec of specs) {
    const name = apiName(spec);
    const existing = await describe.fields(spec.object);
    if (existing.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      results.set(spec, { spec, status: 'exists' });
      continue;
    }
    const metadata = customFieldMetadata(spec);
    if (typeof metadata === 'string') {
      results.set(spec, { spec, status: 'failed', message: metadata });
      continue;
    }
    const body = { FullName: `${soqlIdentifier(spec.object)}.${name}`, Metadata: metadata };
    pending.push({ spec, op: { method: 'POST', path: '/sobjects/CustomField', body } });
  }
  let answers;
  try {
    answers = await tooling.run(pending.map((p) => p.op));
  } catch (err) {
    // A fatal failure may follow calls that did create fields: describe those objects afresh.
    for (const { spec } of pending) describe.invalidate(spec.object);
    throw err;
  }
  const changed = new Set<string>();
  let fatal: Error | undefined;
  let unfinished: Error | undefined;
  pending.forEach(({ spec }, i) => {
    const answer = answers[i] ?? { status: 0, body: null };
    if (answer.status >= 200 && answer.status < 300) {
      results.set(spec, { spec, status: 'created' });
      changed.add(spec.object);
      return;
    }
    const error = answerError(answer, { field: spec.name });
    if (isFatal(error)) fatal ??= error;
    else if (EXISTS_CODES.has(error.code)) results.set(spec, { spec, status: 'exists' });
    else {
      results.set(spec, { spec, status: 'failed', message: error.message });
      if (error.kind === 'transient') unfinished ??= error;
    }
  });
  // Describe once per run: fields created above show up on the next describe.
  for (const object of changed) describe.invalidate(object);
  if (fatal) throw fatal;
  const ours = specs.filter((spec) => results.get(spec)?.status !== 'failed');
  await grantFieldAccess(
    client,
    ours.map((spec) => ({ object: spec.object, field: apiName(spec) })),
  );
  // A field that answered DUPLICATE_DEVELOPER_NAME was hidden until now.
  for (const object of new Set(ours.map((spec) => spec.object))) describe.invalidate(object);
  // A field a transient failure (a proxy's 502 page, a reset) left missing would make this run's writes
  // to it fail as if the mapping were wrong: stop the run instead; the next one creates it.
  if (unfinished) throw unfinished;
  return specs.map((spec) => results.get(spec) ?? { spec, status: 'failed', message: 'not processed' });
}
