/**
 * A hand-off create the CRM refused because it already holds the person (HubSpot `409 CONFLICT ... Existing
 * ID: N`, a Salesforce duplicate rule naming its match) is never a failure: the person is linked to that
 * record and leadloop's own fields are written there. When another person already holds the record (a
 * person only one CRM had, left apart by older versions or by a race with the pull), the two become one:
 * the person with the HubSpot contact keeps everything, the other's Salesforce record joins it as its
 * primary or as a duplicate (link-duplicates.ts). Runs after the chunk persisted its own outcomes.
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import type { ExistingRecord } from '../domain/write.ts';
import { mergeDuplicates, placeSalesforce } from '../link/link-duplicates.ts';
import { primarySalesforceRef } from '../link/link-ids.ts';
import { combinePeople, settlementOf } from '../link/merge-people.ts';
import { normaliseEmail } from '../link/normalise-email.ts';
import { modelFieldNames } from '../mapping/model-fields.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../mapping/own-fields.ts';
import {
  type AuditEntry,
  type FailureRef,
  type RecordSnapshot,
  type StateStore,
  type WriteFailureEntry,
} from '../state/types.ts';
import type { SyncContext } from './context.ts';
import { executeWrites } from './execute-writes.ts';
import { readPersonState } from './person-state.ts';
import type { PlannedCreate } from './plan-creates.ts';
import type { PlannedWrite } from './plan-person.ts';
import type { RunCounters } from './run-counters.ts';
import { refKey, type PersonLink, type RecordRef } from '../domain/person-link.ts';

export interface ExistingCreate {
  readonly personId: string;
  readonly create: PlannedCreate;
  readonly existing: ExistingRecord;
  /** The CRM's answer (code: message), for the log. */
  readonly answer: string;
}

export { settlementOf, type Settlement } from '../link/merge-people.ts';

export interface SettleResult {
  /** People who took over another's records: plan them once more in this run. */
  readonly again: string[];
  readonly failed: number;
}

/**
 * leadloop's own fields of a create (the further models' too), plus its linked id: what is written to the
 * record found instead.
 */
export function ownFieldsOfCreate(
  create: PlannedCreate,
  prefix: string,
  models: readonly string[] = [],
): Record<string, FieldValue> {
  const own = new Set([
    ...OWN_FIELD_KEYS.map((key) => ownFieldName(create.crm, key, prefix)),
    ...modelFieldNames(create.crm, models, prefix).map((f) => f.name),
  ]);
  const fields: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(create.fields)) if (own.has(field)) fields[field] = value;
  fields[create.externalIdField] = create.externalId;
  return fields;
}

function withRef(link: PersonLink, ref: RecordRef): PersonLink {
  if (ref.crm === 'hubspot') return { ...link, hubspotId: ref.id };
  return placeSalesforce(link, { ref, linked: true, modifiedAt: 0 }, null).link;
}

export async function settleExisting(
  ctx: SyncContext,
  store: StateStore,
  runId: string,
  items: readonly ExistingCreate[],
  counters: RunCounters,
): Promise<SettleResult> {
  const at = ctx.clock().toISOString();
  const refOf = (i: ExistingCreate): RecordRef => ({
    crm: i.create.crm,
    object: i.existing.object,
    id: i.existing.id,
  });
  const [held, people] = await Promise.all([
    store.getLinksByRefs(items.map(refOf)),
    store.getLinksByPersonIds(items.map((i) => i.personId)),
  ]);
  const again: string[] = [];
  const failures: WriteFailureEntry[] = [];
  const audit: AuditEntry[] = [];
  const cleared: FailureRef[] = [];
  const linked: { item: ExistingCreate; link: PersonLink }[] = [];

  for (const item of items) {
    const me = people.get(item.personId);
    if (!me) continue;
    const ref = refOf(item);
    const log = { personId: me.personId, existing: ref, answer: item.answer };
    const settlement = settlementOf(me, held.get(refKey(ref)));
    const createKey: FailureRef = {
      crm: item.create.crm,
      object: item.create.object,
      source: 'create',
      recordId: item.create.externalId,
    };
    if (settlement.kind === 'conflict') {
      ctx.logger.warn(
        { ...log, holder: settlement.holder.personId },
        'create refused: the record the CRM names belongs to a person with another HubSpot contact; merge them in the CRM',
      );
      failures.push({
        at,
        runId,
        ...createKey,
        code: 'EXISTS_ON_ANOTHER_PERSON',
        message: `${item.answer} (${ref.object} ${ref.id} is linked to HubSpot contact ${settlement.holder.hubspotId ?? '?'})`,
        fields: [],
        permanent: true,
      });
      continue;
    }
    cleared.push(createKey);
    if (settlement.kind === 'link') {
      linked.push({ item, link: withRef(me, ref) });
      continue;
    }
    const { survivor, other } = settlement;
    // HubSpot refused the email because the survivor's contact holds it now: that is the person's email.
    const email = item.create.crm === 'hubspot' ? normaliseEmail(item.create.fields['email']) : null;
    await mergePeople(store, { ...survivor, email: email ?? survivor.email }, other, at);
    ctx.logger.info(
      { ...log, survivor: survivor.personId, merged: other.personId },
      'create found the person in the CRM: merged into the person holding the record',
    );
    audit.push(
      auditOf(at, runId, survivor.personId, ref, other.personId, 'hand-off: the CRM holds this person'),
    );
    counters.add('createsMerged');
    again.push(survivor.personId);
  }

  if (linked.length > 0) await linkAndWrite(ctx, store, runId, at, linked, audit, failures, counters);
  if (audit.length > 0) await store.appendAudit(audit);
  if (failures.length > 0) await store.putFailures(failures);
  if (cleared.length > 0) await store.clearFailures(cleared);
  if (again.length > 0) await store.markDirty(again);
  return { again, failed: failures.length };
}

/** `other` joins `survivor`: its Salesforce record takes the place or becomes a duplicate, its duplicates move. */
async function mergePeople(
  store: StateStore,
  survivor: PersonLink,
  other: PersonLink,
  at: string,
): Promise<void> {
  const [states, snapshots] = await Promise.all([
    store.getPersonStates([survivor.personId, other.personId]),
    store.getSnapshots(
      [primarySalesforceRef(survivor), primarySalesforceRef(other)].filter((r): r is RecordRef => r !== null),
    ),
  ]);
  const modifiedAt = (ref: RecordRef): number => {
    const snap = snapshots.get(refKey(ref));
    return snap ? Date.parse(snap.modifiedAt) : Number.NEGATIVE_INFINITY;
  };
  const { link, displaced } = combinePeople(survivor, other, modifiedAt);
  const survivorState = readPersonState(states.get(survivor.personId));
  const duplicates = mergeDuplicates(
    link,
    survivorState.duplicates,
    readPersonState(states.get(other.personId)).duplicates,
    displaced ? [displaced] : [],
  );
  await store.putLinks([{ ...link, updatedAt: at }]);
  await store.deleteLinks([other.personId]);
  await store.putPersonStates([{ personId: survivor.personId, state: { ...survivorState, duplicates } }]);
  await store.clearDirty([other.personId]);
}

/** Links each person to the record the CRM named and writes leadloop's own fields there. */
async function linkAndWrite(
  ctx: SyncContext,
  store: StateStore,
  runId: string,
  at: string,
  linked: readonly { item: ExistingCreate; link: PersonLink }[],
  audit: AuditEntry[],
  failures: WriteFailureEntry[],
  counters: RunCounters,
): Promise<void> {
  const prefix = ctx.config.fields.prefix;
  const models = Object.keys(ctx.config.scoring.models ?? {});
  const writes: PlannedWrite[] = linked.flatMap(({ item }) =>
    Object.entries(ownFieldsOfCreate(item.create, prefix, models)).map(([field, to]) => ({
      crm: item.create.crm,
      object: item.existing.object,
      id: item.existing.id,
      field,
      from: null,
      to,
      reason: `${item.create.reason} (linked to the existing record)`,
    })),
  );
  await store.putLinks(linked.map(({ link }) => ({ ...link, updatedAt: at })));
  const results = await executeWrites(ctx.connectors, writes);
  const personOf = new Map(linked.map(({ item, link }) => [item.existing.id, link.personId]));
  const snapshots: RecordSnapshot[] = [];
  const retry: string[] = [];
  for (const r of results) {
    const personId = personOf.get(r.id) ?? null;
    if (r.failure) {
      failures.push({
        at,
        runId,
        crm: r.crm,
        object: r.object,
        source: 'write',
        recordId: r.id,
        code: r.failure.code,
        message: r.failure.message,
        fields: r.failure.fields,
        permanent: !r.failure.retryable,
      });
      if (r.failure.retryable && personId) retry.push(personId);
      counters.add(r.failure.retryable ? 'writesRetryable' : 'writesFailedPermanently');
      continue;
    }
    // Until the record is pulled again (our write moved its modification stamp), the snapshot holds what we wrote.
    snapshots.push({
      crm: r.crm,
      object: r.object,
      id: r.id,
      fields: r.fields,
      modifiedAt: at,
      syncedAt: at,
    });
    audit.push(auditOf(at, runId, personId, r, r.id, 'hand-off: linked to the record the CRM holds'));
    for (const w of writes.filter((x) => x.id === r.id)) {
      audit.push({
        at,
        runId,
        personId,
        crm: w.crm,
        object: w.object,
        recordId: w.id,
        field: w.field,
        from: w.from,
        to: w.to,
        reason: w.reason,
      });
      counters.add(`writes.${w.crm}.${w.field}`);
    }
    counters.add(`recordsWritten.${r.crm}`);
    counters.add('createsLinkedToExisting');
  }
  if (snapshots.length > 0) await store.putSnapshots(snapshots);
  if (retry.length > 0) await store.markDirty(retry);
}

function auditOf(
  at: string,
  runId: string,
  personId: string | null,
  ref: { crm: CrmName; object: RecordRef['object']; id: string },
  to: string,
  reason: string,
): AuditEntry {
  return {
    at,
    runId,
    personId,
    crm: ref.crm,
    object: ref.object,
    recordId: ref.id,
    field: '(linked)',
    from: null,
    to,
    reason,
  };
}
