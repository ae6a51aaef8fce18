/**
 * Batch create, update and upsert as HubSpot answers them. Only a create whose every input carries an
 * `objectWriteTraceId` answers per input (207): HubSpot documents multi-status for batch create alone
 * (https://developers.hubspot.com/docs/api-reference/error-handling, "Multi-status errors"). Any other
 * batch is all or nothing: one refused input fails the whole call and nothing is written.
 */
import type { PortalState } from './hubspot-store.ts';
import { conflict, standardError, validationError } from './http-errors.ts';
import type { ObjectRow } from './object-row.ts';
import { OBJECT_TYPES, type ObjectTypeName } from './property-types.ts';
import {
  applyAssociations,
  applyOne,
  checkOne,
  context,
  findRecord,
  objectLabel,
  writeOne,
  type CheckedWrite,
  type RecordResult,
  type WriteDeps,
} from './record-writer.ts';

type Changes = Record<string, string | null>;
import { isRecord } from './route-types.ts';

export type BatchMode = 'create' | 'update' | 'upsert';

/**
 * A batch write. Only a create whose every input carries an `objectWriteTraceId` answers per input (207);
 * HubSpot documents multi-status for batch create alone. Any other batch is all or nothing: the first
 * refused input fails the whole call (400 VALIDATION_ERROR, or 409 CONFLICT) and nothing is written.
 * An update naming an id the portal does not hold still answers that input alone (OBJECT_NOT_FOUND).
 */
export function batchWrite(
  deps: WriteDeps,
  type: ObjectTypeName,
  inputs: readonly Record<string, unknown>[],
  mode: BatchMode,
): RecordResult[] {
  if (mode === 'create') {
    const multiStatus = inputs.length > 0 && inputs.every((i) => typeof i.objectWriteTraceId === 'string');
    if (multiStatus) return inputs.map((input) => createOne(deps, type, input));
    return applyAll(
      deps,
      type,
      inputs.map((input) => ({ input, existing: undefined })),
    );
  }
  const ids = inputs.map((i) => `${String(i.idProperty ?? '')}:${String(i.id)}`);
  if (new Set(ids).size !== ids.length) throw validationError('Duplicate IDs found in batch input');
  const targets: Array<{ input: Record<string, unknown>; existing: ObjectRow | undefined }> = [];
  const missing = new Map<number, RecordResult>();
  inputs.forEach((input, i) => {
    if (input.id === undefined) throw validationError(`inputs[${i}] is missing "id"`);
    const id = String(input.id);
    refuseIdProperty(deps.state, type, mode, input.idProperty);
    const existing = findRecord(deps.state, type, id, input.idProperty);
    if (existing || mode === 'upsert') {
      const properties =
        existing || !isRecord(input.properties)
          ? input.properties
          : { ...input.properties, [String(input.idProperty)]: id };
      targets.push({ input: { ...input, properties }, existing });
      return;
    }
    const message = `Could not get some ${objectLabel(type)} objects, they may be deleted or not exist. Check that ids are valid.`;
    missing.set(i, {
      ok: false,
      error: standardError('OBJECT_NOT_FOUND', message, context(id, input.objectWriteTraceId)),
    });
  });
  const applied = applyAll(deps, type, targets);
  let next = 0;
  return inputs.flatMap((_, i) => {
    const result = missing.get(i) ?? applied[next++];
    return result ? [result] : [];
  });
}

function createOne(deps: WriteDeps, type: ObjectTypeName, input: Record<string, unknown>): RecordResult {
  const result = writeOne(
    deps,
    type,
    undefined,
    input.properties,
    context(undefined, input.objectWriteTraceId),
  );
  if (result.ok) applyAssociations(deps.state, type, result.row, input.associations);
  return result;
}

/**
 * Batch update (and upsert) by `idProperty` takes a property HubSpot marks unique; `email` is refused on
 * update, where HubSpot answers "Unable to perform update/upsert by non-unique 0-1 property", and
 * `hs_object_id` on both (the id goes in `id` without `idProperty`).
 */
function refuseIdProperty(
  state: PortalState,
  type: ObjectTypeName,
  mode: BatchMode,
  idProperty: unknown,
): void {
  if (idProperty === undefined) {
    if (mode === 'upsert') throw validationError('Upsert inputs require "idProperty"');
    return;
  }
  const byEmail = type === 'contacts' && idProperty === 'email';
  if (idProperty === 'hs_object_id' || (mode === 'update' && byEmail)) {
    throw validationError(
      `Unable to perform update/upsert by non-unique ${OBJECT_TYPES[type]} property ${String(idProperty)} in portal ID ${state.portalId}`,
    );
  }
}

/**
 * Checks every input first; one refusal fails the call (a 400 listing every refused input's problems, or,
 * when a taken email is all that is wrong, a 409), else every input is written.
 */
function applyAll(
  deps: WriteDeps,
  type: ObjectTypeName,
  targets: ReadonlyArray<{ input: Record<string, unknown>; existing: ObjectRow | undefined }>,
): RecordResult[] {
  const ready: Array<{ input: Record<string, unknown>; existing: ObjectRow | undefined; changes: Changes }> =
    [];
  const refused: Array<Extract<CheckedWrite, { ok: false }>> = [];
  for (const { input, existing } of targets) {
    const id = existing ? String(input.id) : undefined;
    const recordKey = existing
      ? `${type}:${existing.id}`
      : typeof input.idProperty === 'string'
        ? `${type}:${input.idProperty}:${String(input.id)}`
        : undefined;
    const ctx = context(id, input.objectWriteTraceId);
    const checked = checkOne(deps, type, existing, input.properties, ctx, recordKey);
    if (checked.ok) ready.push({ input, existing, changes: checked.changes });
    else refused.push(checked);
  }
  const invalid = refused.filter((r) => r.error.category !== 'CONFLICT');
  const first = invalid[0] ?? refused[0];
  if (first?.error.category === 'CONFLICT') throw conflict(String(first.error.message));
  // The message is the first refused input's, as HubSpot words it; errors[] lists every refused input.
  if (first)
    throw validationError(String(first.error.message), { errors: invalid.flatMap((r) => r.details) });
  const emails = ready.flatMap((r) => (typeof r.changes.email === 'string' ? [r.changes.email] : []));
  if (new Set(emails).size !== emails.length)
    throw conflict('Contact already exists: two inputs set one email');
  return ready.map(({ input, existing, changes }) => {
    const result = applyOne(deps, type, existing, changes);
    if (result.ok && !existing) applyAssociations(deps.state, type, result.row, input.associations);
    return result;
  });
}
