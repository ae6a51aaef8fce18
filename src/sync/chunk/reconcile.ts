/**
 * What a chunk leaves in the state store, decided from its plans and the CRMs' answers alone (no I/O):
 * persist-chunk.ts applies it. A person stays dirty only while a retryable failure is pending; permanent
 * failures are recorded with their code (visible in `leadloop status`) and let go.
 */
import type { RecordFailure } from '../../domain/write.ts';
import type { AuditEntry, FailureRef, RecordSnapshot, WriteFailureEntry } from '../../state/types.ts';
import type { CreateResult, RecordWriteResult } from '../execute-writes.ts';
import type { PersonState } from '../person-state.ts';
import type { PlannedCreate } from '../plan-creates.ts';
import type { PersonInputs, PersonPlan } from '../plan-person.ts';
import type { PlannedWrite } from '../plan/planned-write.ts';
import type { CounterName } from '../run-counters.ts';
import type { ExistingCreate } from '../settle-existing.ts';
import { withRecord, type PersonLink, type RecordRef } from '../../domain/person-link.ts';

export interface GoneWrite {
  readonly ref: RecordRef;
  readonly personId: string | null;
  /** The CRM's answer, recorded as a retryable failure if the record turns out to be there after all. */
  readonly failure: RecordFailure;
}

export interface ChunkFacts {
  readonly runId: string;
  /** The chunk's clock reading (ISO): every snapshot, audit entry and failure of the chunk carries it. */
  readonly at: string;
  readonly dryRun: boolean;
  /** What the plans were made from: links, the records as held, the previous person states. */
  readonly inputs: readonly PersonInputs[];
  /** Dirty ids with no link left: nothing to write, only to clear. */
  readonly orphans: readonly string[];
}

export interface Reconciliation {
  readonly snapshots: RecordSnapshot[];
  /** Links of people whose create landed, carrying the new record's id. */
  readonly links: PersonLink[];
  readonly personStates: { personId: string; state: PersonState }[];
  readonly audit: AuditEntry[];
  readonly failures: WriteFailureEntry[];
  /** Failures recorded by earlier runs that this chunk's writes and creates have settled. */
  readonly clearFailures: FailureRef[];
  readonly clearDirty: string[];
  /** People who got a record created: one more pass writes its id to the other side. */
  readonly followUp: string[];
  /** Creates the CRM answered with a record it already holds: settled after the chunk persisted. */
  readonly existing: ExistingCreate[];
  /**
   * Writes to records the CRM no longer holds: not failures. Settled after the chunk persisted by reading
   * the ids again (settle-gone.ts): a merge re-links the person, a deletion unlinks the record.
   */
  readonly gone: GoneWrite[];
  readonly counts: ReadonlyMap<CounterName, number>;
  readonly written: number;
  readonly failed: number;
}

const recordKey = (r: { crm: string; object: string; id: string }): string => `${r.crm}:${r.object}:${r.id}`;

export function reconcile(
  plans: readonly PersonPlan[],
  writeResults: readonly RecordWriteResult[],
  createResults: readonly CreateResult[],
  chunk: ChunkFacts,
): Reconciliation {
  const { runId, at, inputs } = chunk;
  const counts = new Map<CounterName, number>();
  const count = (name: CounterName): void => void counts.set(name, (counts.get(name) ?? 0) + 1);

  // Outcomes name records by id alone; a duplicate's outcome belongs to its person too.
  const personOf = new Map<string, PersonLink>();
  for (const i of inputs)
    for (const id of [
      i.link.hubspotId,
      i.link.salesforceLeadId,
      i.link.salesforceContactId,
      ...i.duplicates.map((d) => d.id),
    ])
      if (id) personOf.set(id, i.link);
  const snapshotOf = new Map<string, RecordSnapshot>();
  for (const i of inputs)
    for (const s of [i.hubspot, i.lead, i.contact, ...i.duplicates]) if (s) snapshotOf.set(recordKey(s), s);
  const planned = new Map<string, PlannedWrite[]>();
  for (const w of plans.flatMap((p) => p.writes)) {
    const list = planned.get(recordKey(w));
    if (list) list.push(w);
    else planned.set(recordKey(w), [w]);
  }

  const pending = new Set<string>();
  const snapshots: RecordSnapshot[] = [];
  const audit: AuditEntry[] = [];
  const failures: WriteFailureEntry[] = [];
  const clearFailures: FailureRef[] = [];

  const gone: GoneWrite[] = [];
  for (const r of writeResults) {
    const link = personOf.get(r.id);
    if (r.failure && r.gone) {
      const ref: RecordRef = { crm: r.crm, object: r.object, id: r.id };
      gone.push({ ref, personId: link?.personId ?? null, failure: r.failure });
      clearFailures.push(writeFailureRef(ref));
      count('writesToGoneRecords');
      continue;
    }
    if (r.failure) {
      failures.push(failureEntry(runId, at, writeFailureRef(r), r.failure));
      if (r.failure.retryable && link) pending.add(link.personId);
      count(r.failure.retryable ? 'writesRetryable' : 'writesFailedPermanently');
      continue;
    }
    clearFailures.push(writeFailureRef(r));
    const before = snapshotOf.get(recordKey(r));
    if (before) snapshots.push({ ...before, fields: { ...before.fields, ...r.fields }, syncedAt: at });
    for (const w of planned.get(recordKey(r)) ?? []) {
      audit.push({
        at,
        runId,
        personId: link?.personId ?? null,
        crm: w.crm,
        object: w.object,
        recordId: w.id,
        field: w.field,
        from: w.from,
        to: w.to,
        reason: w.reason,
      });
      count(`writes.${w.crm}.${w.field}`);
    }
    count(`recordsWritten.${r.crm}`);
  }

  const inputOf = new Map(inputs.map((i) => [i.link.personId, i]));
  const planOfCreate = new Map(plans.flatMap((p) => p.creates.map((c) => [c, p] as const)));
  const newLinks = new Map<string, PersonLink>();
  const existing: ExistingCreate[] = [];
  for (const c of createResults) {
    const plan = planOfCreate.get(c.create);
    if (!plan) continue;
    // A create has no record id yet: its failure is keyed by the record it is created from.
    const createRef: FailureRef = {
      crm: c.create.crm,
      object: c.create.object,
      source: 'create',
      recordId: c.create.externalId,
    };
    if (c.existing) {
      const answer = c.failure ? `${c.failure.code}: ${c.failure.message}` : 'exists';
      existing.push({ personId: plan.personId, create: c.create, existing: c.existing, answer });
      continue;
    }
    if (c.failure || !c.id) {
      if (c.failure) failures.push(failureEntry(runId, at, createRef, c.failure));
      // A create answered with neither an id nor a failure is retried, as a retryable failure is.
      if (c.failure?.retryable !== false) pending.add(plan.personId);
      count('createsFailed');
      continue;
    }
    const base = newLinks.get(plan.personId) ?? inputOf.get(plan.personId)?.link;
    if (!base) continue;
    newLinks.set(plan.personId, withCreated(base, c.create, c.id, at));
    snapshots.push({
      crm: c.create.crm,
      object: c.create.object,
      id: c.id,
      fields: { ...c.create.fields, [c.create.externalIdField]: c.create.externalId },
      modifiedAt: at,
      syncedAt: at,
    });
    audit.push({
      at,
      runId,
      personId: plan.personId,
      crm: c.create.crm,
      object: c.create.object,
      recordId: c.id,
      field: '(created)',
      from: null,
      to: c.create.externalId,
      reason: c.create.reason,
    });
    count(`creates.${c.create.crm}`);
    clearFailures.push(createRef);
  }

  // A side whose write failed keeps its previous baseline, so the change is planned again next run.
  const failedRecords = new Set(writeResults.filter((r) => r.failure).map((r) => r.id));
  const personStates = plans.map((p) => {
    const before = inputOf.get(p.personId);
    const hsFailed = before?.link.hubspotId ? failedRecords.has(before.link.hubspotId) : false;
    const sfId = before?.link.salesforceContactId ?? before?.link.salesforceLeadId;
    const sfFailed = sfId ? failedRecords.has(sfId) : false;
    if (!before || (!hsFailed && !sfFailed)) return { personId: p.personId, state: p.state };
    const synced = {
      hubspot: hsFailed ? before.state.synced.hubspot : p.state.synced.hubspot,
      salesforce: sfFailed ? before.state.synced.salesforce : p.state.synced.salesforce,
    };
    // A rewrite is only known once the write it follows landed.
    const orgRewrites = [
      ...p.state.orgRewrites.filter((r) => !failedRecords.has(r.id)),
      ...before.state.orgRewrites.filter((r) => failedRecords.has(r.id)),
    ];
    return { personId: p.personId, state: { ...p.state, synced, orgRewrites } };
  });

  return {
    snapshots,
    links: [...newLinks.values()],
    personStates,
    audit,
    failures,
    clearFailures,
    clearDirty: [...plans.map((p) => p.personId).filter((id) => !pending.has(id)), ...chunk.orphans],
    // A dry run's ids are stand-ins: there is nothing to write them to.
    followUp: chunk.dryRun ? [] : [...newLinks.keys()],
    existing,
    gone,
    counts,
    written: writeResults.filter((r) => !r.failure).length,
    failed: failures.length,
  };
}

function withCreated(link: PersonLink, create: PlannedCreate, id: string, at: string): PersonLink {
  return { ...withRecord(link, { crm: create.crm, object: create.object, id }), updatedAt: at };
}

function writeFailureRef(r: RecordRef): FailureRef {
  return { crm: r.crm, object: r.object, source: 'write', recordId: r.id };
}

function failureEntry(runId: string, at: string, ref: FailureRef, f: RecordFailure): WriteFailureEntry {
  return {
    at,
    runId,
    ...ref,
    code: f.code,
    message: f.message,
    fields: f.fields,
    permanent: !f.retryable,
  };
}
