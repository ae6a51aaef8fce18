/**
 * Per-record outcomes of one HubSpot batch call (200, or 207 with `numErrors` + `errors[]`), in input
 * order. Errors are matched back through `context.objectWriteTraceId` (multi-status, see
 * https://developers.hubspot.com/docs/api-reference/error-handling) or `context.ids`.
 */
import type { FieldValue } from '../../src/domain/person.ts';
import type { ExistingRecord, RecordFailure, WriteOutcome } from '../../src/domain/write.ts';
import type { HsBatchResponse, HsStandardError } from './schemas.ts';

/** Categories worth sending again later; everything else about one record is permanent. */
const RETRYABLE_CATEGORIES = new Set([
  'RATE_LIMITS',
  'RATE_LIMIT',
  'LOCKED',
  'INTERNAL_ERROR',
  'TIMEOUT',
  'SERVICE_UNAVAILABLE',
]);

export interface BatchInput {
  /** The outcome key: record id for updates, external id for creates. */
  readonly key: string;
  readonly traceId: string;
  /** The record id the input names (updates): a result with that `id` is this input's. */
  readonly id?: string;
}

/** HubSpot stores every property value as a string; null clears the property. */
export function toHubSpotValues(fields: Readonly<Record<string, FieldValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) out[name] = value === null ? '' : String(value);
  return out;
}

/** Property names named by a batch error: structured contexts first, then the JSON inside `message`. */
export function errorFields(err: HsStandardError): string[] {
  const names = new Set<string>();
  for (const name of err.context?.['propertyName'] ?? []) names.add(name);
  for (const detail of err.errors ?? [])
    for (const name of detail.context?.['propertyName'] ?? []) names.add(name);
  for (const match of (err.message ?? '').matchAll(/"name\\?"\s*:\s*\\?"([^"\\]+)\\?"/g))
    if (match[1]) names.add(match[1]);
  return [...names];
}

export function toRecordFailure(err: HsStandardError): RecordFailure {
  const code = err.category ?? 'UNKNOWN';
  const retryable = RETRYABLE_CATEGORIES.has(code);
  return {
    kind: retryable ? 'transient' : 'record',
    retryable,
    code,
    message: err.message ?? code,
    fields: errorFields(err),
  };
}

/**
 * A create refused because the email is taken: `409 CONFLICT`, message `Contact already exists. Existing
 * ID: 123` (HubSpot keys contacts by email; the batch endpoints report it per input). The id names the
 * contact to link to instead.
 */
export function existingOf(err: HsStandardError): ExistingRecord | undefined {
  if (err.category !== 'CONFLICT') return undefined;
  const id = /Existing ID:\s*(\d+)/i.exec(err.message ?? '')?.[1];
  return id ? { object: 'contact', id } : undefined;
}

/**
 * The input names a contact HubSpot no longer holds: deleted for good (a GDPR delete, which never reaches
 * the archive) or merged into another. A batch update answers it per input with category
 * `OBJECT_NOT_FOUND` and the id in `context.ids` (the StandardError of a multi-status answer,
 * https://developers.hubspot.com/docs/api-reference/error-handling); a single-object call answers 404.
 */
export function isGone(err: HsStandardError): boolean {
  return err.category === 'OBJECT_NOT_FOUND';
}

/**
 * Results are matched by what HubSpot guarantees: the `objectWriteTraceId` the input sent (upsert and
 * create results carry it), else the result `id` for an input that named one; never by an echoed
 * property value. A result matching no input is ignored; an input no result or error names stays unsure.
 */
export function batchOutcomes(inputs: readonly BatchInput[], response: HsBatchResponse): WriteOutcome[] {
  const failures = new Map<
    string,
    { failure: RecordFailure; existing: ExistingRecord | undefined; gone: boolean }
  >();
  for (const err of response.errors ?? []) {
    const failure = { failure: toRecordFailure(err), existing: existingOf(err), gone: isGone(err) };
    const refs = [...(err.context?.['objectWriteTraceId'] ?? []), ...(err.context?.['ids'] ?? [])];
    for (const ref of refs) failures.set(ref, failure);
  }
  const byTrace = new Map(inputs.map((i) => [i.traceId, i.key]));
  const byId = new Map(inputs.flatMap((i) => (i.id === undefined ? [] : [[i.id, i.key] as const])));
  const results = new Map<string, HsBatchResponse['results'][number]>();
  for (const result of response.results) {
    const traced = result.objectWriteTraceId ? byTrace.get(result.objectWriteTraceId) : undefined;
    const key = traced ?? byId.get(result.id);
    if (key !== undefined) results.set(key, result);
  }
  return inputs.map((input): WriteOutcome => {
    const refused = failures.get(input.traceId) ?? failures.get(input.key);
    if (refused)
      return {
        ok: false,
        key: input.key,
        failure: refused.failure,
        ...(refused.existing ? { existing: refused.existing } : {}),
        ...(refused.gone ? { gone: true } : {}),
      };
    const result = results.get(input.key);
    if (result) {
      return {
        ok: true,
        key: input.key,
        id: result.id,
        ...(typeof result.new === 'boolean' ? { created: result.new } : {}),
      };
    }
    return {
      ok: false,
      key: input.key,
      failure: {
        kind: 'transient',
        retryable: true,
        code: 'HUBSPOT_NO_RESULT',
        message: 'HubSpot answered the batch without a result or an error for this record',
        fields: [],
      },
    };
  });
}
