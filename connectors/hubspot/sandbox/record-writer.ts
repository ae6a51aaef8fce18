/**
 * Batch and single writes with HubSpot's per-record semantics: each input succeeds or yields one
 * `StandardError` (207 multi-status) carrying `context.ids` / `context.objectWriteTraceId`; whole-request
 * problems (over 100 inputs, duplicate ids, bad idProperty) are a 400.
 */
import { associationTarget } from './association-graph.ts';
import type { FaultInjector } from './fault-injector.ts';
import type { ChangeSource, PortalState } from './hubspot-store.ts';
import { propertyProblemsMessage, standardError, validationError } from './http-errors.ts';
import type { ObjectRow } from './object-row.ts';
import type { ObjectTypeName } from './property-types.ts';
import { validateProperties } from './property-validation.ts';
import { isRecord } from './route-types.ts';

export const BATCH_MAX = 100;

export type RecordResult =
  { ok: true; row: ObjectRow; created: boolean } | { ok: false; error: Record<string, unknown> };

export interface WriteDeps {
  state: PortalState;
  faults: FaultInjector | undefined;
  source: ChangeSource;
}

/** Parses `{inputs: [...]}` and enforces the 100-input cap. */
export function batchInputs(body: unknown, max = BATCH_MAX): Record<string, unknown>[] {
  if (!isRecord(body) || !Array.isArray(body.inputs))
    throw validationError('Request body must be an object with an "inputs" array');
  if (body.inputs.length > max)
    throw validationError(`Batch input contains ${body.inputs.length} inputs; the limit is ${max}`);
  return body.inputs.map((input: unknown, i) => {
    if (!isRecord(input)) throw validationError(`inputs[${i}] must be an object`);
    return input;
  });
}

function context(id: string | undefined, trace: unknown): Record<string, string[]> {
  const ctx: Record<string, string[]> = {};
  if (id !== undefined) ctx.ids = [id];
  if (typeof trace === 'string') ctx.objectWriteTraceId = [trace];
  return ctx;
}

function objectLabel(type: ObjectTypeName): string {
  return type.replace(/s$/, '').toUpperCase();
}

/** Finds the record an input names: by id, or by a unique property when `idProperty` is given. */
export function findRecord(
  state: PortalState,
  type: ObjectTypeName,
  id: string,
  idProperty: unknown,
): ObjectRow | undefined {
  const store = state.objects[type];
  if (typeof idProperty === 'string' && idProperty !== 'hs_object_id') {
    const def = state.catalogs[type].get(idProperty);
    if (!def || !(def.hasUniqueValue || (type === 'contacts' && idProperty === 'email'))) {
      throw validationError(`${idProperty} is not a unique identifier property of ${type}`);
    }
    return store.findByUnique(idProperty, id);
  }
  const row = store.get(id);
  return row && row.archivedMs === null ? row : undefined;
}

/** Validates and applies one input; never throws for per-record problems. */
export function writeOne(
  deps: WriteDeps,
  type: ObjectTypeName,
  existing: ObjectRow | undefined,
  properties: unknown,
  ctx: Record<string, string[]>,
): RecordResult {
  const { state } = deps;
  if (deps.faults?.recordFails()) {
    return {
      ok: false,
      error: standardError('VALIDATION_ERROR', 'Simulated record failure (sandbox fault injection)', ctx),
    };
  }
  const { changes, problems } = validateProperties(state.catalogs[type], properties, existing?.props);
  if (problems.length > 0) {
    const errors = problems.map((p) => ({
      message: p.message,
      code: p.error,
      context: { propertyName: [p.name] },
    }));
    return {
      ok: false,
      error: standardError(
        'VALIDATION_ERROR',
        propertyProblemsMessage(problems, state.portalId),
        ctx,
        errors,
      ),
    };
  }
  const email = changes.email;
  if (type === 'contacts' && typeof email === 'string') {
    changes.email = email.toLowerCase();
    const holder = state.objects.contacts.findByUnique('email', email);
    if (holder && holder !== existing) {
      return {
        ok: false,
        error: standardError('CONFLICT', `Contact already exists. Existing ID: ${holder.id}`, ctx),
      };
    }
  }
  if (existing) {
    state.update(type, existing, changes, deps.source);
    return { ok: true, row: existing, created: false };
  }
  return { ok: true, row: state.create(type, changes, deps.source), created: true };
}

/** Links a new record per its create-time `associations` (HUBSPOT_DEFINED types between served objects). */
export function applyAssociations(
  state: PortalState,
  type: ObjectTypeName,
  row: ObjectRow,
  associations: unknown,
): void {
  if (!Array.isArray(associations)) return;
  for (const a of associations) {
    if (!isRecord(a) || !isRecord(a.to) || !Array.isArray(a.types)) continue;
    for (const t of a.types) {
      const target =
        isRecord(t) && typeof t.associationTypeId === 'number'
          ? associationTarget(type, t.associationTypeId)
          : undefined;
      const other = target ? state.objects[target].get(String(a.to.id)) : undefined;
      if (target && other) state.associations.add(type, row.id, target, other.id);
    }
  }
}

export function batchWrite(
  deps: WriteDeps,
  type: ObjectTypeName,
  inputs: readonly Record<string, unknown>[],
  mode: 'create' | 'update' | 'upsert',
): RecordResult[] {
  if (mode !== 'create') {
    const ids = inputs.map((i) => `${String(i.idProperty ?? '')}:${String(i.id)}`);
    if (new Set(ids).size !== ids.length) throw validationError('Duplicate IDs found in batch input');
  }
  return inputs.map((input) => {
    const id = input.id === undefined ? undefined : String(input.id);
    const ctx = context(id, input.objectWriteTraceId);
    if (mode === 'create') {
      const result = writeOne(deps, type, undefined, input.properties, ctx);
      if (result.ok) applyAssociations(deps.state, type, result.row, input.associations);
      return result;
    }
    if (id === undefined)
      return { ok: false, error: standardError('VALIDATION_ERROR', 'Input is missing "id"', ctx) };
    if (mode === 'upsert' && typeof input.idProperty !== 'string')
      throw validationError('Upsert inputs require "idProperty"');
    const existing = findRecord(deps.state, type, id, input.idProperty);
    if (existing) return writeOne(deps, type, existing, input.properties, ctx);
    if (mode === 'update') {
      return {
        ok: false,
        error: standardError(
          'OBJECT_NOT_FOUND',
          `Could not get some ${objectLabel(type)} objects, they may be deleted or not exist. Check that ids are valid.`,
          ctx,
        ),
      };
    }
    const props = isRecord(input.properties)
      ? { ...input.properties, [String(input.idProperty)]: id }
      : input.properties;
    return writeOne(deps, type, undefined, props, ctx);
  });
}

export function batchBody(
  results: readonly unknown[],
  errors: readonly Record<string, unknown>[],
  startedAt: string,
  completedAt: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt };
  if (errors.length > 0) {
    body.numErrors = errors.length;
    body.errors = errors;
  }
  return body;
}
