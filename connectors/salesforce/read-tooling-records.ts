/**
 * Reads the Tooling records a label edit needs (`Id` + full `Metadata` of custom fields and standard value
 * sets) in as few Tooling `/composite` calls as the limits allow. Tooling returns `Metadata` only from a
 * single-row query, and a composite call carries at most 5 queries, so:
 * - up to 10 records: one Metadata query each, 5 per call (⌈n/5⌉ ≤ 2 calls);
 * - more: one call locates every Id with `IN` queries, then GETs fetch 25 records per call
 *   (1 + ⌈n/25⌉ calls, e.g. 3 instead of 8 for the 38 own fields of Lead and Contact).
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_resources_composite_composite.htm
 */
import { soqlString } from './soql.ts';
import {
  MAX_TOOLING_QUERIES,
  answerError,
  developerName,
  isFatal,
  queryRecords,
  toolingQuery,
  type Tooling,
  type ToolingAnswer,
  type ToolingOp,
} from './tooling.ts';

export type RecordRef =
  | { readonly kind: 'field'; readonly object: string; readonly field: string }
  | { readonly kind: 'set'; readonly name: string };

export type ReadOutcome =
  | { readonly ok: true; readonly id: string; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

const SINGLE_QUERY_MAX = 2 * MAX_TOOLING_QUERIES;

const notFound = (ref: RecordRef): ReadOutcome => ({
  ok: false,
  message:
    ref.kind === 'field'
      ? `custom field ${ref.object}.${ref.field} not found`
      : `StandardValueSet ${ref.name} not found`,
});

function metadataQuery(ref: RecordRef): ToolingOp {
  return toolingQuery(
    ref.kind === 'field'
      ? `SELECT Id, FullName, Metadata FROM CustomField WHERE TableEnumOrId = ${soqlString(ref.object)} AND DeveloperName = ${soqlString(developerName(ref.field))}`
      : `SELECT Id, FullName, Metadata FROM StandardValueSet WHERE MasterLabel = ${soqlString(ref.name)}`,
  );
}

/** A failed subrequest becomes that record's outcome; auth and quota failures stop the whole read. */
function failure(answer: ToolingAnswer): ReadOutcome {
  const error = answerError(answer);
  if (isFatal(error)) throw error;
  return { ok: false, message: error.message };
}

/** Query rows, or the outcome for an answer that failed or does not parse as a query result. */
function rows(answer: ToolingAnswer | undefined): Array<Record<string, unknown>> | ReadOutcome {
  const a = answer ?? { status: 0, body: null };
  if (a.status !== 200) return failure(a);
  try {
    return queryRecords(a);
  } catch (err) {
    return {
      ok: false,
      message: `unexpected Tooling query result: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function firstRecord(ref: RecordRef, answer: ToolingAnswer | undefined): ReadOutcome {
  const records = rows(answer);
  if (!Array.isArray(records)) return records;
  const record = records[0];
  return record ? { ok: true, id: String(record['Id']), record } : notFound(ref);
}

export async function readToolingRecords(
  tooling: Tooling,
  refs: readonly RecordRef[],
): Promise<ReadOutcome[]> {
  if (refs.length <= SINGLE_QUERY_MAX) {
    const answers = await tooling.run(refs.map(metadataQuery));
    return refs.map((ref, i) => firstRecord(ref, answers[i]));
  }
  const ids = await locate(tooling, refs);
  const found = refs.flatMap((ref, i) => {
    const id = ids[i];
    return typeof id === 'string' ? [{ i, id, ref }] : [];
  });
  const answers = await tooling.run(
    found.map(({ id, ref }) => ({
      method: 'GET',
      path: `/sobjects/${ref.kind === 'field' ? 'CustomField' : 'StandardValueSet'}/${id}`,
    })),
  );
  const out: ReadOutcome[] = refs.map((ref, i) => {
    const located = ids[i];
    return typeof located === 'object' ? located : notFound(ref);
  });
  found.forEach(({ i, id }, k) => {
    const answer = answers[k] ?? { status: 0, body: null };
    const body = answer.body;
    out[i] =
      answer.status === 200 && typeof body === 'object' && body !== null
        ? { ok: true, id, record: body as Record<string, unknown> }
        : failure(answer);
  });
  return out;
}

/**
 * Record Ids by ref, from two `IN` queries in one composite call: an Id, a failed outcome (the query
 * failed), or undefined (no such record).
 */
async function locate(
  tooling: Tooling,
  refs: readonly RecordRef[],
): Promise<Array<string | ReadOutcome | undefined>> {
  const fields = refs.flatMap((r) => (r.kind === 'field' ? [r] : []));
  const sets = refs.flatMap((r) => (r.kind === 'set' ? [r] : []));
  const list = (values: Iterable<string>) => [...new Set(values)].map(soqlString).join(', ');
  const ops: ToolingOp[] = [];
  if (fields.length > 0)
    ops.push(
      toolingQuery(
        `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId IN (${list(fields.map((f) => f.object))}) AND DeveloperName IN (${list(fields.map((f) => developerName(f.field)))})`,
      ),
    );
  if (sets.length > 0)
    ops.push(
      toolingQuery(
        `SELECT Id, MasterLabel FROM StandardValueSet WHERE MasterLabel IN (${list(sets.map((s) => s.name))})`,
      ),
    );
  const answers = await tooling.run(ops);
  const byKey = new Map<string, string | ReadOutcome>();
  const index = (
    answer: ToolingAnswer | undefined,
    keyOf: (r: Record<string, unknown>) => string,
  ): ReadOutcome | undefined => {
    const records = rows(answer);
    if (!Array.isArray(records)) return records;
    for (const r of records) byKey.set(keyOf(r), String(r['Id']));
    return undefined;
  };
  const fieldKey = (object: string, dev: string) => `field:${object}.${dev}`.toLowerCase();
  const fieldFailure =
    fields.length > 0
      ? index(answers[0], (r) => fieldKey(String(r['TableEnumOrId']), String(r['DeveloperName'])))
      : undefined;
  const setFailure =
    sets.length > 0
      ? index(answers[fields.length > 0 ? 1 : 0], (r) => `set:${String(r['MasterLabel'])}`.toLowerCase())
      : undefined;
  return refs.map((ref) =>
    ref.kind === 'field'
      ? (fieldFailure ?? byKey.get(fieldKey(ref.object, developerName(ref.field))))
      : (setFailure ?? byKey.get(`set:${ref.name}`.toLowerCase())),
  );
}
