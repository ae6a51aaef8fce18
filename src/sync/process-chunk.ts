/**
 * Phase 2 of a run, for one chunk of dirty people: plan every person (pure), send the writes and
 * creates, then persist what landed. A person stays dirty only while a retryable failure is pending;
 * permanent failures are recorded with their reason (visible in `leadloop status`) and let go.
 */
import type { FieldValue } from '../domain/person.ts';
import type { RecordFailure } from '../domain/write.ts';
import type {
  AuditEntry,
  PersonLink,
  RecordSnapshot,
  StateStore,
  WriteFailureEntry,
} from '../state/types.ts';
import type { SyncContext } from './context.ts';
import { WELL_KNOWN } from './crm-fields.ts';
import {
  executeCreates,
  executeWrites,
  type CreateResult,
  type RecordWriteResult,
} from './execute-writes.ts';
import { loadInputs } from './load-inputs.ts';
import { planPerson, type PersonPlan, type PlanSettings, type PlannedWrite } from './plan-person.ts';
import type { PlannedCreate } from './plan-creates.ts';
import type { RunCounters } from './run-counters.ts';
import { settleExisting, type ExistingCreate } from './settle-existing.ts';

export interface ChunkInput {
  readonly runId: string;
  readonly personIds: readonly string[];
  readonly dryRun: boolean;
  /** Receives every plan (dry-run output, reports, the admin preview). */
  readonly onPlan?: (plan: PersonPlan) => void;
}

export interface ChunkResult {
  readonly written: number;
  readonly failed: number;
  /** People who got a record created: they need one more pass to write the new id to the other side. */
  readonly created: string[];
}

const ROUND_ROBIN_KEY = 'leadloop:round-robin';

/** An SLA re-route or a create with a round-robin owner: the plan used one turn of the owner rotation. */
const takesOwner = (plan: PersonPlan): boolean =>
  Boolean(plan.stage.slaBreach?.reassignedTo) ||
  plan.creates.some((c) => c.fields[WELL_KNOWN.owner.field] !== undefined);

export async function processChunk(
  ctx: SyncContext,
  store: StateStore,
  settings: Omit<PlanSettings, 'roundRobin'>,
  input: ChunkInput,
  counters: RunCounters,
): Promise<ChunkResult> {
  const now = ctx.clock();
  const { inputs, orphans, unreadableState } = await loadInputs(store, input.personIds);
  for (const id of unreadableState)
    ctx.logger.warn({ personId: id }, 'stored person state unreadable; stage history restarts');
  const plans = inputs.map((personInputs) => planPerson(personInputs, { ...settings, roundRobin: 0 }, now));
  // Whether a plan takes an owner does not depend on the counter, only which owner it gets: reserve one
  // number per such person atomically (chunk jobs run side by side), then plan those people again.
  const needOwner = plans.flatMap((plan, i) => (takesOwner(plan) ? [i] : []));
  if (needOwner.length > 0) {
    const first = await store.reserveCounter(ROUND_ROBIN_KEY, needOwner.length);
    needOwner.forEach((i, k) => {
      const personInputs = inputs[i];
      if (personInputs) plans[i] = planPerson(personInputs, { ...settings, roundRobin: first + k }, now);
    });
  }
  for (const plan of plans) {
    input.onPlan?.(plan);
    count(counters, plan);
  }

  const writes = plans.flatMap((p) => p.writes);
  const creates = plans.flatMap((p) => p.creates);
  const writeResults: RecordWriteResult[] = input.dryRun
    ? asLanded(writes)
    : await executeWrites(ctx.connectors, writes);
  const createResults: CreateResult[] = input.dryRun
    ? creates.map((c) => ({ create: c, id: `dry-run:${c.externalId}` }))
    : await executeCreates(ctx.connectors, creates);

  const personOf = new Map<string, PersonLink>();
  for (const i of inputs)
    for (const id of [
      i.link.hubspotId,
      i.link.salesforceLeadId,
      i.link.salesforceContactId,
      ...i.duplicates.map((d) => d.id),
    ])
      if (id) personOf.set(id, i.link);
  const pending = new Set<string>();
  const at = now.toISOString();
  const snapshots: RecordSnapshot[] = [];
  const audit: AuditEntry[] = [];
  const failures: WriteFailureEntry[] = [];
  const cleared: { crm: 'hubspot' | 'salesforce'; object: 'contact' | 'lead'; id: string }[] = [];
  const snapshotOf = new Map<string, RecordSnapshot>();
  for (const i of inputs)
    for (const s of [i.hubspot, i.lead, i.contact, ...i.duplicates])
      if (s) snapshotOf.set(`${s.crm}:${s.object}:${s.id}`, s);
  const planned = new Map<string, PlannedWrite[]>();
  for (const w of writes) {
    const key = `${w.crm}:${w.object}:${w.id}`;
    const list = planned.get(key);
    if (list) list.push(w);
    else planned.set(key, [w]);
  }

  for (const r of writeResults) {
    const key = `${r.crm}:${r.object}:${r.id}`;
    const link = personOf.get(r.id);
    if (r.failure) {
      failures.push(failureEntry(input.runId, at, r.crm, r.object, r.id, r.failure));
      if (r.failure.retryable && link) pending.add(link.personId);
      counters.add(r.failure.retryable ? 'writesRetryable' : 'writesFailedPermanently');
      continue;
    }
    cleared.push({ crm: r.crm, object: r.object, id: r.id });
    const before = snapshotOf.get(key);
    if (before) snapshots.push({ ...before, fields: { ...before.fields, ...r.fields }, syncedAt: at });
    for (const w of planned.get(key) ?? []) {
      audit.push({
        at,
        runId: input.runId,
        personId: link?.personId ?? null,
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
  }

  // Lookups by person and by create, so a chunk stays linear in its size.
  const inputOf = new Map(inputs.map((i) => [i.link.personId, i]));
  const planOfCreate = new Map(plans.flatMap((p) => p.creates.map((c) => [c, p] as const)));
  const newLinks = new Map<string, PersonLink>();
  const existing: ExistingCreate[] = [];
  for (const c of createResults) {
    const plan = planOfCreate.get(c.create);
    if (!plan) continue;
    if (c.existing) {
      // The CRM already holds this person: linked and written after this chunk persisted (settle-existing.ts).
      const answer = c.failure ? `${c.failure.code}: ${c.failure.message}` : 'exists';
      existing.push({ personId: plan.personId, create: c.create, existing: c.existing, answer });
      continue;
    }
    if (c.failure || !c.id) {
      if (c.failure)
        failures.push(
          failureEntry(
            input.runId,
            at,
            c.create.crm,
            c.create.object,
            `create:${c.create.externalId}`,
            c.failure,
          ),
        );
      if (c.failure?.retryable !== false) pending.add(plan.personId);
      counters.add('createsFailed');
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
      runId: input.runId,
      personId: plan.personId,
      crm: c.create.crm,
      object: c.create.object,
      recordId: c.id,
      field: '(created)',
      from: null,
      to: c.create.externalId,
      reason: c.create.reason,
    });
    counters.add(`creates.${c.create.crm}`);
    // A create that failed before is recorded under `create:<external id>`: it landed now, so clear it.
    cleared.push({ crm: c.create.crm, object: c.create.object, id: `create:${c.create.externalId}` });
  }

  await store.putSnapshots(snapshots);
  if (newLinks.size > 0) await store.putLinks([...newLinks.values()]);
  // A side whose write failed keeps its previous baseline, so the change is planned again next run.
  const failedRecords = new Set(writeResults.filter((r) => r.failure).map((r) => r.id));
  await store.putPersonStates(
    plans.map((p) => {
      const before = inputOf.get(p.personId);
      const hsFailed = before?.link.hubspotId ? failedRecords.has(before.link.hubspotId) : false;
      const sfId = before?.link.salesforceContactId ?? before?.link.salesforceLeadId;
      const sfFailed = sfId ? failedRecords.has(sfId) : false;
      if (!before || (!hsFailed && !sfFailed)) return { personId: p.personId, state: p.state };
      const synced = {
        hubspot: hsFailed ? before.state.synced.hubspot : p.state.synced.hubspot,
        salesforce: sfFailed ? before.state.synced.salesforce : p.state.synced.salesforce,
      };
      return { personId: p.personId, state: { ...p.state, synced } };
    }),
  );
  if (audit.length > 0) await store.appendAudit(audit);
  if (failures.length > 0) await store.putFailures(failures);
  if (cleared.length > 0) await store.clearFailures(cleared);
  const done = [...plans.map((p) => p.personId).filter((id) => !pending.has(id)), ...orphans];
  await store.clearDirty(done);
  const settled =
    existing.length > 0
      ? await settleExisting(ctx, store, input.runId, existing, counters)
      : { again: [], failed: 0 };
  // Created records need their ids written back (link ids), and people who took over another's records
  // write to them: both stay dirty for one more pass.
  const created = input.dryRun ? [] : [...new Set([...newLinks.keys(), ...settled.again])];
  if (created.length > 0) await store.markDirty(created);
  return {
    written: writeResults.filter((r) => !r.failure).length,
    failed: failures.length + settled.failed,
    created,
  };
}

function asLanded(writes: readonly PlannedWrite[]): RecordWriteResult[] {
  const byRecord = new Map<string, RecordWriteResult & { fields: Record<string, FieldValue> }>();
  for (const w of writes) {
    const key = `${w.crm}:${w.object}:${w.id}`;
    const r = byRecord.get(key) ?? { crm: w.crm, object: w.object, id: w.id, fields: {} };
    r.fields[w.field] = w.to;
    byRecord.set(key, r);
  }
  return [...byRecord.values()];
}

function withCreated(link: PersonLink, create: PlannedCreate, id: string, at: string): PersonLink {
  if (create.crm === 'hubspot') return { ...link, hubspotId: id, updatedAt: at };
  return create.object === 'lead'
    ? { ...link, salesforceLeadId: id, updatedAt: at }
    : { ...link, salesforceContactId: id, updatedAt: at };
}

function failureEntry(
  runId: string,
  at: string,
  crm: 'hubspot' | 'salesforce',
  object: 'contact' | 'lead',
  recordId: string,
  f: RecordFailure,
): WriteFailureEntry {
  return {
    at,
    runId,
    crm,
    object,
    recordId,
    code: f.code,
    message: f.message,
    fields: f.fields,
    permanent: !f.retryable,
  };
}

function count(counters: RunCounters, plan: PersonPlan): void {
  counters.add('peopleProcessed');
  if (plan.stage.transition) counters.add(`transitions.${plan.stage.transition.to}`);
  if (plan.stage.slaBreach) counters.add('slaBreaches');
  counters.add('plannedWrites', plan.writes.length);
  counters.add('plannedCreates', plan.creates.length);
  counters.add('mappingConflicts', plan.mapped.conflicts.length);
  counters.add('mappingWarnings', plan.mapped.warnings.length);
  counters.add('mappingErrors', plan.mapped.errors.length);
  counters.add('blockedLifecycle', plan.blocked.length);
}
