/**
 * One record's write: checked against the catalog and the portal (`checkOne`), then applied. Shared by the
 * single-object routes and the batch writer (batch-writer.ts), plus the batch body helpers; whole-request
 * problems (over 100 inputs, a refused idProperty) are a 400.
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

export function context(id: string | undefined, trace: unknown): Record<string, string[]> {
  const ctx: Record<string, string[]> = {};
  if (id !== undefined) ctx.ids = [id];
  if (typeof trace === 'string') ctx.objectWriteTraceId = [trace];
  return ctx;
}

export function objectLabel(type: ObjectTypeName): string {
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

/** One input checked against the catalog and the portal, nothing written yet. */
export type CheckedWrite =
  | { ok: true; changes: Record<string, string | null> }
  | { ok: false; error: Record<string, unknown>; details: Array<Record<string, unknown>> };

const picked = new WeakMap<FaultInjector, Map<string, boolean>>();

/**
 * Whether `recordFailureRate` refuses this input. A record it picks (`recordKey`) stays refused, and one it
 * spares stays spared, for as long as those faults are set: bad data is bad on every call, so a client that
 * splits a refused batch finds the record. Inputs without a key roll on each call.
 */
function faultRefuses(faults: FaultInjector | undefined, recordKey: string | undefined): boolean {
  if (!faults) return false;
  if (recordKey === undefined) return faults.recordFails();
  let memo = picked.get(faults);
  if (!memo) picked.set(faults, (memo = new Map()));
  const known = memo.get(recordKey);
  if (known !== undefined) return known;
  const hit = faults.recordFails();
  memo.set(recordKey, hit);
  return hit;
}

/** Validates one input; never throws for per-record problems and never writes. */
export function checkOne(
  deps: WriteDeps,
  type: ObjectTypeName,
  existing: ObjectRow | undefined,
  properties: unknown,
  ctx: Record<string, string[]>,
  recordKey?: string,
): CheckedWrite {
  const { state } = deps;
  if (faultRefuses(deps.faults, recordKey)) {
    const message = 'Simulated record failure (sandbox fault injection)';
    return {
      ok: false,
      error: standardError('VALIDATION_ERROR', message, ctx),
      details: [{ message, code: 'INVALID_INPUT', context: ctx }],
    };
  }
  const { changes, problems } = validateProperties(state.catalogs[type], properties, existing?.props);
  if (problems.length > 0) {
    const details = problems.map((p) => ({
      message: p.message,
      code: p.error,
      in: p.name,
      context: { ...ctx, propertyName: [p.name] },
    }));
    const message = propertyProblemsMessage(problems, state.portalId);
    return { ok: false, error: standardError('VALIDATION_ERROR', message, ctx, details), details };
  }
  const email = changes.email;
  if (type === 'contacts' && typeof email === 'string') {
    changes.email = email.toLowerCase();
    const holder = state.objects.contacts.findByUnique('email', email);
    if (holder && holder !== existing) {
      const message = `Contact already exists. Existing ID: ${holder.id}`;
      return { ok: false, error: standardError('CONFLICT', message, ctx), details: [] };
    }
  }
  return { ok: true, changes };
}

export function applyOne(
  deps: WriteDeps,
  type: ObjectTypeName,
  existing: ObjectRow | undefined,
  changes: Record<string, string | null>,
): RecordResult {
  if (existing) {
    deps.state.update(type, existing, changes, deps.source);
    return { ok: true, row: existing, created: false };
  }
  return { ok: true, row: deps.state.create(type, changes, deps.source), created: true };
}

/** Validates and applies one input; never throws for per-record problems. */
export function writeOne(
  deps: WriteDeps,
  type: ObjectTypeName,
  existing: ObjectRow | undefined,
  properties: unknown,
  ctx: Record<string, string[]>,
): RecordResult {
  const checked = checkOne(deps, type, existing, properties, ctx);
  return checked.ok ? applyOne(deps, type, existing, checked.changes) : checked;
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
