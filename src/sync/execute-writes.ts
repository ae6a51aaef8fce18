/**
 * Sends planned writes and creates through the connectors, grouped per CRM and object (the connectors
 * batch them: HubSpot 100 per call, Salesforce 1,000 per composite call), and returns one outcome per
 * record. Never all-or-nothing: a failing record fails alone.
 */
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import type { ExistingRecord, RecordFailure, WriteOutcome } from '../domain/write.ts';
import { SyncError } from '../lib/errors.ts';
import type { PlannedCreate } from './plan-creates.ts';
import type { PlannedWrite } from './plan-person.ts';

export interface RecordWriteResult {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly fields: Record<string, FieldValue>;
  readonly failure?: RecordFailure;
  /** With `failure`: the CRM no longer holds the record (deleted for good or merged away). */
  readonly gone?: boolean;
}

export interface CreateResult {
  readonly create: PlannedCreate;
  readonly id?: string;
  readonly failure?: RecordFailure;
  /** The CRM already holds this person: link to that record and write there (settle-existing.ts). */
  readonly existing?: ExistingRecord;
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
  return inParallelPerCrm([...groups.values()], async ({ crm, object, byId }) => {
    const results: RecordWriteResult[] = [];
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
      else
        results.push({
          crm,
          object,
          id: u.id,
          fields: u.fields,
          failure: o.failure,
          ...(o.gone ? { gone: true } : {}),
        });
    }
    return results;
  });
}

export async function executeCreates(
  connectors: Readonly<Record<CrmName, CrmConnector>>,
  creates: readonly PlannedCreate[],
): Promise<CreateResult[]> {
  const groups = new Map<string, PlannedCreate[]>();
  for (const c of creates) {
    const list = groups.get(groupKey(c.crm, c.object));
    if (list) list.push(c);
    else groups.set(groupKey(c.crm, c.object), [c]);
  }
  const lists = [...groups.values()].flatMap((list) => {
    const first = list[0];
    return first ? [{ crm: first.crm, object: first.object, list }] : [];
  });
  return inParallelPerCrm(lists, async ({ crm, object, list }) => {
    const results: CreateResult[] = [];
    let outcomes: WriteOutcome[];
    try {
      outcomes = await connectors[crm].create(
        object,
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
      else if (o?.existing) results.push({ create: c, failure: o.failure, existing: o.existing });
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
    return results;
  });
}

/**
 * Hands each CRM its groups together and runs the CRMs side by side: they are separate APIs with separate
 * limits, so one CRM's calls need not wait for the other's, and a connector can pack one CRM's groups into
 * the same calls (Salesforce: a chunk's Lead and Contact updates share `/composite` calls). Results come
 * back in group order whatever finishes first.
 * A failure (config, auth) is rethrown only once the other CRM's calls have finished: none is left running
 * behind a failed chunk.
 */
async function inParallelPerCrm<G extends { readonly crm: CrmName }, R>(
  groups: readonly G[],
  send: (group: G) => Promise<R[]>,
): Promise<R[]> {
  const byGroup = new Map<G, R[]>();
  const crms = [...new Set(groups.map((g) => g.crm))];
  const settled = await Promise.allSettled(
    crms.map(async (crm) => {
      const own = groups.filter((g) => g.crm === crm);
      const results = await Promise.allSettled(own.map(send));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') byGroup.set(own[i] as G, r.value);
      });
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    }),
  );
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return groups.flatMap((g) => byGroup.get(g) ?? []);
}
