/**
 * Sends planned writes and creates through the connectors, grouped per CRM and object (the connectors
 * batch them: HubSpot 100 per call, Salesforce 1,000 per composite call), and returns one outcome per
 * record. Never all-or-nothing: a failing record fails alone.
 */
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import type { RecordFailure, WriteOutcome } from '../domain/write.ts';
import { SyncError } from '../lib/errors.ts';
import type { PlannedCreate } from './plan-creates.ts';
import type { PlannedWrite } from './plan-person.ts';

export interface RecordWriteResult {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly fields: Record<string, FieldValue>;
  readonly failure?: RecordFailure;
}

export interface CreateResult {
  readonly create: PlannedCreate;
  readonly id?: string;
  readonly failure?: RecordFailure;
}

const groupKey = (crm: CrmName, object: PersonObject): string => `${crm}:${object}`;

/** A whole-call failure (auth, quota, 5xx after retries) becomes one failure per record, keeping its kind. */
function callFailure(err: unknown): RecordFailure {
  if (err instanceof SyncError) {
    return { kind: err.kind, retryable: err.retryable, code: err.code, message: err.message, fields: [] };
  }
  return {
    kind: 'transient',
    retryable: true,
    code: 'UNEXPECTED',
    message: err instanceof Error ? err.message : String(err),
    fields: [],
  };
}

export async function executeWrites(
  connectors: Readonly<Record<CrmName, CrmConnector>>,
  writes: readonly PlannedWrite[],
): Promise<RecordWriteResult[]> {
  const groups = new Map<
    string,
    { crm: CrmName; object: PersonObject; byId: Map<string, Record<string, FieldValue>> }
  >();
  for (const w of writes) {
    const key = groupKey(w.crm, w.object);
    const group = groups.get(key) ?? { crm: w.crm, object: w.object, byId: new Map() };
    groups.set(key, group);
    const fields = group.byId.get(w.id) ?? {};
    fields[w.field] = w.to;
    group.byId.set(w.id, fields);
  }
  const results: RecordWriteResult[] = [];
  for (const { crm, object, byId } of groups.values()) {
    const updates = [...byId].map(([id, fields]) => ({ id, fields }));
    let outcomes: WriteOutcome[];
    try {
      outcomes = await connectors[crm].write(object, updates);
    } catch (err) {
      if (err instanceof SyncError && (err.kind === 'config' || err.kind === 'auth')) throw err;
      const failure = callFailure(err);
      outcomes = updates.map((u) => ({ ok: false, key: u.id, failure }));
    }
    const byKey = new Map(outcomes.map((o) => [o.key, o]));
    for (const u of updates) {
      const o = byKey.get(u.id);
      if (o === undefined) {
        results.push({
          crm,
          object,
          id: u.id,
          fields: u.fields,
          failure: {
            kind: 'transient',
            retryable: true,
            code: 'NO_RESULT',
            message: 'the connector returned no outcome for this record',
            fields: [],
          },
        });
      } else if (o.ok) results.push({ crm, object, id: u.id, fields: u.fields });
      else results.push({ crm, object, id: u.id, fields: u.fields, failure: o.failure });
    }
  }
  return results;
}

export async function executeCreates(
  connectors: Readonly<Record<CrmName, CrmConnector>>,
  creates: readonly PlannedCreate[],
): Promise<CreateResult[]> {
  const groups = new Map<string, PlannedCreate[]>();
  for (const c of creates)
    groups.set(groupKey(c.crm, c.object), [...(groups.get(groupKey(c.crm, c.object)) ?? []), c]);
  const results: CreateResult[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    if (!first) continue;
    let outcomes: WriteOutcome[];
    try {
      outcomes = await connectors[first.crm].create(
        first.object,
        list.map((c) => ({ externalIdField: c.externalIdField, externalId: c.externalId, fields: c.fields })),
      );
    } catch (err) {
      if (err instanceof SyncError && (err.kind === 'config' || err.kind === 'auth')) throw err;
      const failure = callFailure(err);
      outcomes = list.map((c) => ({ ok: false, key: c.externalId, failure }));
    }
    const byKey = new Map(outcomes.map((o) => [o.key, o]));
    for (const c of list) {
      const o = byKey.get(c.externalId);
      if (o?.ok) results.push({ create: c, id: o.id });
      else
        results.push({
          create: c,
          failure: o?.failure ?? {
            kind: 'transient',
            retryable: true,
            code: 'NO_RESULT',
            message: 'no outcome',
            fields: [],
          },
        });
    }
  }
  return results;
}
