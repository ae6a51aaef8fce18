/**
 * Create / update / upsert / delete of a list of records with per-record results and `allOrNone`
 * semantics: every record is checked first; with allOrNone a single failure rolls the request back
 * (the others report ALL_OR_NONE_OPERATION_ROLLED_BACK), otherwise valid records are saved.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import type { SfValue } from '../catalog/field-def.ts';
import type { FaultInjector } from '../faults.ts';
import { ApiError } from '../http/api-error.ts';
import { isIdShaped, to18 } from '../ids.ts';
import { PERMISSION_TABLES } from '../store/field-access.ts';
import type { SalesforceStoreCore } from '../store/store-core.ts';
import type { SObjectTable } from '../store/table.ts';
import { runRecordFlows } from './flows.ts';
import { leadRuleOwner } from './lead-assignment.ts';
import { ROLLED_BACK, saveError, type SaveError, type SaveResult } from './save-error.ts';
import { validateFields, type Validated } from './validate-fields.ts';

export type SaveOperation = 'create' | 'update' | 'upsert';

export interface SaveContext {
  store: SalesforceStoreCore;
  faults: FaultInjector;
  /**
   * The org's Lead assignment rule runs on this request's Lead creates and updates (the org has one and
   * the request did not send `Sforce-Auto-Assign: FALSE`; see `lead-assignment.ts`). Default off.
   */
  autoAssign?: boolean;
  /** The org's record-triggered flows run on this request's saves (`flows.ts`). Default off. */
  flows?: boolean;
}

/** The rule's owner replaces any OwnerId the request set, as an assignment rule does after the save. */
function assigned(
  ctx: SaveContext,
  table: SObjectTable,
  fields: Record<string, SfValue>,
  existing?: Readonly<Record<string, SfValue>>,
): Record<string, SfValue> {
  if (ctx.autoAssign !== true || table.def.name !== 'Lead') return fields;
  const owner = leadRuleOwner(ctx.store, { ...existing, ...fields }['Country']);
  return owner ? { ...fields, OwnerId: owner } : fields;
}

/**
 * After-save flows belong to the record's save: their changes are stored with it (one stamp) and their
 * failure fails it, so they are planned with the save, after validation rules and locks.
 */
function afterSave(
  ctx: SaveContext,
  table: SObjectTable,
  fields: Record<string, SfValue>,
  existing: Readonly<Record<string, SfValue>> | undefined,
): Validated {
  return ctx.flows === true ? runRecordFlows(table, fields, existing) : { ok: true, fields };
}

type Plan =
  | { kind: 'insert'; table: SObjectTable; fields: Record<string, SfValue> }
  | { kind: 'patch'; table: SObjectTable; id: string; fields: Record<string, SfValue> }
  | { kind: 'error'; id?: string; errors: SaveError[] };

function injected(ctx: SaveContext, table: SObjectTable, id: string | undefined): SaveError[] | null {
  // Validation rules and trigger-held locks belong to business records; setup objects have neither.
  if (PERMISSION_TABLES.has(table.def.name)) return null;
  if (ctx.faults.lock())
    return [
      saveError(
        'UNABLE_TO_LOCK_ROW',
        `unable to obtain exclusive access to this record or 1 records: ${id ?? ''}`.trim(),
      ),
    ];
  if (ctx.faults.recordFailure())
    return [
      saveError(
        'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        'Sandbox validation rule: this record was rejected by an injected fault',
      ),
    ];
  return null;
}

function tableFor(
  ctx: SaveContext,
  record: Record<string, unknown>,
  fallback: string | undefined,
): SObjectTable {
  const attrs = record['attributes'] as { type?: unknown } | undefined;
  const type = typeof attrs?.type === 'string' ? attrs.type : fallback;
  if (!type)
    throw new ApiError(
      400,
      'INVALID_FIELD',
      'When creating or updating records, each record must specify attributes.type',
    );
  const table = ctx.store.table(type);
  if (!table) throw new ApiError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return table;
}

function planUpdate(
  ctx: SaveContext,
  table: SObjectTable,
  record: Record<string, unknown>,
  rawId: unknown,
): Plan {
  if (typeof rawId !== 'string' || !isIdShaped(rawId)) {
    return {
      kind: 'error',
      errors: [
        saveError('MALFORMED_ID', `${table.def.label} ID: id value of incorrect type: ${String(rawId)}`, [
          'Id',
        ]),
      ],
    };
  }
  const id = to18(rawId);
  const existing = table.rows.get(id);
  if (!existing)
    return {
      kind: 'error',
      id,
      errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['Id'])],
    };
  if (existing['IsDeleted'] === true)
    return { kind: 'error', id, errors: [saveError('ENTITY_IS_DELETED', 'entity is deleted', [])] };
  const v = validateFields(ctx.store, table, record, existing);
  if (!v.ok) return { kind: 'error', id, errors: v.errors };
  const fault = injected(ctx, table, id);
  if (fault) return { kind: 'error', id, errors: fault };
  const saved = afterSave(ctx, table, v.fields, existing);
  return saved.ok
    ? { kind: 'patch', table, id, fields: saved.fields }
    : { kind: 'error', id, errors: saved.errors };
}

function planCreate(ctx: SaveContext, table: SObjectTable, record: Record<string, unknown>): Plan {
  if ('Id' in record || 'id' in record) {
    return {
      kind: 'error',
      errors: [saveError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id'])],
    };
  }
  const v = validateFields(ctx.store, table, record, undefined);
  if (!v.ok) return { kind: 'error', errors: v.errors };
  const taken = takenUnique(table, v.fields);
  if (taken) return { kind: 'error', errors: [taken] };
  const fault = injected(ctx, table, undefined);
  if (fault) return { kind: 'error', errors: fault };
  const saved = afterSave(ctx, table, v.fields, undefined);
  return saved.ok ? { kind: 'insert', table, fields: saved.fields } : { kind: 'error', errors: saved.errors };
}

/**
 * A standard unique field (`PermissionSet.Name`) whose value a live row already holds, compared without
 * case. Custom unique fields are the external ids creates upsert on; they are matched there.
 */
function takenUnique(table: SObjectTable, fields: Readonly<Record<string, SfValue>>): SaveError | null {
  for (const f of table.def.fields) {
    const value = fields[f.name];
    if (!f.unique || f.custom || value === null || value === undefined) continue;
    const key = String(value).toLowerCase();
    for (const row of table.rows.values())
      if (row['IsDeleted'] !== true && String(row[f.name] ?? '').toLowerCase() === key)
        return saveError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${String(row['Id'])}`,
          [f.name],
        );
  }
  return null;
}

/** External-id lookup built once per request (one table scan, not one per record). */
function externalIndex(table: SObjectTable, fieldName: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const row of table.rows.values()) {
    if (row['IsDeleted'] === true) continue;
    const v = row[fieldName];
    if (v === null || v === undefined) continue;
    const key = String(v).toLowerCase();
    const list = index.get(key);
    if (list) list.push(row['Id'] as string);
    else index.set(key, [row['Id'] as string]);
  }
  return index;
}

const duplicate = (id: string): SaveError =>
  saveError('DUPLICATE_VALUE', `Duplicate id in list: ${id}`, ['Id']);

/** The same record twice in one request: the later occurrences fail. */
function markDuplicates(plans: Plan[]): void {
  const seen = new Set<string>();
  plans.forEach((p, i) => {
    if (p.kind !== 'patch') return;
    if (seen.has(p.id)) plans[i] = { kind: 'error', id: p.id, errors: [duplicate(p.id)] };
    seen.add(p.id);
  });
}

export function saveRecords(
  ctx: SaveContext,
  op: SaveOperation,
  records: readonly Record<string, unknown>[],
  allOrNone: boolean,
  upsert?: { sobject: string; externalIdField: string },
): SaveResult[] {
  let index: Map<string, string[]> | null = null;
  let extField = '';
  if (upsert) {
    const table = ctx.store.table(upsert.sobject);
    if (!table) throw new ApiError(404, 'NOT_FOUND', `The requested resource does not exist`);
    const f = table.field(upsert.externalIdField);
    if (!f || (f.name !== 'Id' && !f.externalId)) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Field name provided, ${upsert.externalIdField} is not an External ID or indexed field for ${table.def.name}`,
      );
    }
    extField = f.name;
    if (f.name !== 'Id') index = externalIndex(table, f.name);
  }
  const plans: Plan[] = records.map((record) => {
    const table = tableFor(ctx, record, upsert?.sobject);
    if (op === 'create') return planCreate(ctx, table, record);
    if (op === 'update') return planUpdate(ctx, table, record, record['id'] ?? record['Id']);
    const key = record[extField];
    if (key === undefined || key === null || key === '') {
      return {
        kind: 'error',
        errors: [saveError('MISSING_ARGUMENT', `${extField} not specified`, [extField])],
      };
    }
    const matches = index
      ? (index.get(String(key).toLowerCase()) ?? [])
      : table.rows.has(to18(String(key)))
        ? [to18(String(key))]
        : [];
    if (matches.length > 1) {
      return {
        kind: 'error',
        errors: [
          saveError(
            'DUPLICATE_EXTERNAL_ID',
            `${table.def.label} ${extField}: more than one record found for external id field: [${matches.join(', ')}]`,
            [extField],
          ),
        ],
      };
    }
    if (matches[0]) return planUpdate(ctx, table, record, matches[0]);
    if (extField === 'Id') return planUpdate(ctx, table, record, key);
    return planCreate(ctx, table, record);
  });
  markDuplicates(plans);
  const failed = plans.some((p) => p.kind === 'error');
  if (allOrNone && failed) {
    return plans.map((p) => {
      if (p.kind === 'error') return { ...(p.id ? { id: p.id } : {}), success: false, errors: p.errors };
      return { ...(p.kind === 'patch' ? { id: p.id } : {}), success: false, errors: [ROLLED_BACK] };
    });
  }
  return ctx.store.inApiRequest(() => commitPlans(ctx, plans, op));
}

/** Saves the valid plans as the integration user: read-your-writes, committed before the answer. */
function commitPlans(ctx: SaveContext, plans: readonly Plan[], op: SaveOperation): SaveResult[] {
  return plans.map((p) => {
    if (p.kind === 'error')
      return {
        ...(p.id ? { id: p.id } : {}),
        success: false,
        errors: p.errors,
        ...(op === 'upsert' ? { created: false } : {}),
      };
    if (p.kind === 'insert') {
      const id = ctx.store.insertRow(p.table, assigned(ctx, p.table, p.fields))['Id'] as string;
      return { id, success: true, errors: [], ...(op === 'upsert' ? { created: true } : {}) };
    }
    ctx.store.patchRow(p.table, p.id, assigned(ctx, p.table, p.fields, p.table.rows.get(p.id)));
    return { id: p.id, success: true, errors: [], ...(op === 'upsert' ? { created: false } : {}) };
  });
}

export function deleteRecords(ctx: SaveContext, ids: readonly string[], allOrNone: boolean): SaveResult[] {
  const plans = ids.map((raw): { id: string; errors: SaveError[] | null } => {
    if (!isIdShaped(raw)) return { id: raw, errors: [saveError('MALFORMED_ID', `malformed id ${raw}`, [])] };
    const id = to18(raw);
    const table = ctx.store.tableOfId(id);
    const row = table?.rows.get(id);
    if (!table || !row)
      return { id, errors: [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [])] };
    if (row['IsDeleted'] === true)
      return { id, errors: [saveError('ENTITY_IS_DELETED', 'entity is deleted', [])] };
    if (!table.def.deletable)
      return {
        id,
        errors: [saveError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', [])],
      };
    return { id, errors: injected(ctx, table, id) };
  });
  const seen = new Set<string>();
  for (const p of plans) {
    if (!p.errors && seen.has(p.id)) p.errors = [duplicate(p.id)];
    seen.add(p.id);
  }
  const failed = plans.some((p) => p.errors);
  if (allOrNone && failed)
    return plans.map((p) => ({ id: p.id, success: false, errors: p.errors ?? [ROLLED_BACK] }));
  return ctx.store.inApiRequest(() =>
    plans.map((p) => {
      if (p.errors) return { id: p.id, success: false, errors: p.errors };
      ctx.store.softDelete(ctx.store.tableOfId(p.id) as SObjectTable, p.id);
      return { id: p.id, success: true, errors: [] };
    }),
  );
}
