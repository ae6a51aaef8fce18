/**
 * Phase 2 of a run, for one chunk of dirty people: plan every person (pure), send the writes and
 * creates, decide from the answers what to keep (reconcile, pure), persist that, then settle creates the
 * CRM answered with a record it already holds and writes to records it no longer holds.
 */
import type { StateStore } from '../state/types.ts';
import { dryRunCreateResults, dryRunWriteResults } from './chunk/dry-run-outcomes.ts';
import { persistChunk } from './chunk/persist-chunk.ts';
import { reconcile } from './chunk/reconcile.ts';
import { refusedValues } from './chunk/refused-values.ts';
import type { SyncContext } from './context.ts';
import { WELL_KNOWN } from './crm-fields.ts';
import { executeCreates, executeWrites } from './execute-writes.ts';
import { splitFullBatches } from './chunk/full-batches.ts';
import type { CrmName } from '../domain/crm.ts';
import { loadInputs } from './load-inputs.ts';
import { planPerson, type PersonPlan, type PlanSettings } from './plan-person.ts';
import type { RunCounters } from './run-counters.ts';
import { heldBackCounts, withholdFields } from './plan/withhold-fields.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import { settleExisting } from './settle-existing.ts';
import { settleGone } from './settle-gone.ts';
import { loadOwnerDirectory } from '../sla/owner-directory.ts';
import { createReminderTasks, sendSlaNotes } from '../sla/run-sla-steps.ts';
import { settleReminders } from '../sla/settle-reminders.ts';

export interface ChunkInput {
  readonly runId: string;
  readonly personIds: readonly string[];
  readonly dryRun: boolean;
  /** Receives every plan (dry-run output, reports, the admin preview). */
  readonly onPlan?: (plan: PersonPlan) => void;
  /** Field names each `crm:object` has (from describe): what a read of a gone record asks for. */
  readonly available?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Fields (`withheldKey`) the integration user cannot see this run: planned writes to them are dropped.
   * `mappings` are the config's before those fields were dropped: a plan against them counts, per field,
   * the records whose value is held back.
   */
  readonly withheld?: { readonly fields: ReadonlySet<string>; readonly mappings: readonly FieldMapping[] };
  /**
   * Records per write call for each CRM: when given, people whose records would only fill a partial last
   * call are left dirty and returned in `deferred`, for the runner to send with other chunks' (full-batches.ts).
   */
  readonly deferPartial?: Readonly<Record<CrmName, number>>;
}

export interface ChunkResult {
  readonly written: number;
  readonly failed: number;
  /** People who got a record created: they need one more pass to write the new id to the other side. */
  readonly created: string[];
  /** People left dirty, untouched, because their records would only fill a partial call (`deferPartial`). */
  readonly deferred: string[];
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
  const loaded = await loadInputs(store, input.personIds);
  const { orphans, unreadableState } = loaded;
  let inputs = loaded.inputs;
  for (const id of unreadableState)
    ctx.logger.warn({ personId: id }, 'stored person state unreadable; stage history restarts');
  const plans = inputs.map((personInputs) => planPerson(personInputs, { ...settings, roundRobin: 0 }, now));
  // Whether a plan takes an owner does not depend on the counter, only which owner it gets: reserve one
  // number per such person atomically (chunk jobs run side by side), then plan those people again.
  const needOwner = plans.flatMap((plan, i) => (takesOwner(plan) ? [i] : []));
  // An SLA step (rare: an MQL reaching a reminder, a breach) needs the CRM's users: who is active, who
  // manages whom. Read only then, and those people are planned again with them.
  const owners = plans.some((p) => p.stage.slaAction)
    ? await loadOwnerDirectory(ctx.connectors[WELL_KNOWN.owner.crm])
    : undefined;
  const turns = new Map<number, number>();
  if (needOwner.length > 0) {
    const first = await store.reserveCounter(ROUND_ROBIN_KEY, needOwner.length);
    needOwner.forEach((i, k) => turns.set(i, first + k));
  }
  plans.forEach((plan, i) => {
    const personInputs = inputs[i];
    if (!personInputs || !(turns.has(i) || (owners && plan.stage.slaAction))) return;
    plans[i] = planPerson(personInputs, { ...settings, roundRobin: turns.get(i) ?? 0, owners }, now);
  });
  const withheld = input.withheld && input.withheld.fields.size > 0 ? input.withheld : undefined;
  if (withheld) plans.forEach((plan, i) => (plans[i] = withholdFields(plan, withheld.fields)));
  let deferred: string[] = [];
  if (input.deferPartial && !input.dryRun) {
    // Deferred people are planned again when they are sent: one who took a turn of the owner rotation
    // or has an SLA step goes now, so neither is taken twice.
    const mustGo = (plan: PersonPlan, i: number): boolean => turns.has(i) || Boolean(plan.stage.slaAction);
    const split = splitFullBatches(plans, input.deferPartial, mustGo);
    deferred = split.later.flatMap((i) => plans[i]?.personId ?? []);
    const kept = split.now.flatMap((i) => {
      const plan = plans[i];
      const personInputs = inputs[i];
      return plan && personInputs ? [{ plan, personInputs }] : [];
    });
    plans.splice(0, plans.length, ...kept.map((k) => k.plan));
    inputs = kept.map((k) => k.personInputs);
  }
  if (withheld) {
    // Only on a run with a hidden field: plan once more as if it were visible, to count what waits
    // (deferred people are counted when they are sent).
    const visible = {
      ...settings,
      config: { ...settings.config, fieldMappings: [...withheld.mappings] },
      roundRobin: 0,
    };
    const wouldWrite = inputs.map((personInputs) => planPerson(personInputs, visible, now));
    for (const [key, by] of heldBackCounts(wouldWrite, withheld.fields)) counters.add(`heldBack.${key}`, by);
  }
  for (const plan of plans) {
    input.onPlan?.(plan);
    count(counters, plan);
  }

  const writes = plans.flatMap((p) => p.writes);
  const creates = plans.flatMap((p) => p.creates);
  // Updates and creates go out together: a connector that packs records into shared calls (Salesforce
  // `/composite`) then sends a chunk's creates in its updates' calls instead of a call of their own.
  // A failure (config, auth) is rethrown once both have answered: nothing runs on behind a failed chunk.
  const [writeResults, createResults] = input.dryRun
    ? [dryRunWriteResults(writes), dryRunCreateResults(creates)]
    : await bothSettled(executeWrites(ctx.connectors, writes), executeCreates(ctx.connectors, creates));
  const failedTasks = input.dryRun
    ? new Set<string>()
    : await createReminderTasks(ctx.connectors[WELL_KNOWN.owner.crm], plans, counters, ctx.logger);

  const reconciled = reconcile(plans, writeResults, createResults, {
    runId: input.runId,
    at: now.toISOString(),
    dryRun: input.dryRun,
    inputs,
    orphans,
  });
  const refused = refusedValues(plans, inputs, { runId: input.runId, at: now.toISOString() });
  const decision = settleReminders(
    {
      ...reconciled,
      failures: [...reconciled.failures, ...refused.failures],
      clearFailures: [...reconciled.clearFailures, ...refused.clear],
    },
    plans,
    failedTasks,
  );
  for (const [name, by] of decision.counts) counters.add(name, by);
  await persistChunk(store, decision);
  if (!input.dryRun) {
    const leads = new Map(inputs.map((i) => [i.link.personId, i.link.salesforceLeadId ?? null]));
    await sendSlaNotes(ctx.config, plans, failedTasks, (id) => leads.get(id) ?? null, counters, ctx.logger);
  }
  const settled =
    decision.existing.length > 0
      ? await settleExisting(ctx, store, input.runId, decision.existing, counters)
      : { again: [], failed: 0 };
  const relinked =
    decision.gone.length > 0 && !input.dryRun
      ? await settleGone(
          ctx,
          store,
          {
            runId: input.runId,
            gone: decision.gone,
            ...(input.available ? { available: input.available } : {}),
          },
          counters,
        )
      : [];
  // Created records need their ids written back (link ids), and people who took over another's records
  // (or moved to a merge's survivor) write to them: all stay dirty for one more pass.
  const created = [...new Set([...decision.followUp, ...settled.again, ...relinked])];
  if (created.length > 0) await store.markDirty(created);
  return { written: decision.written, failed: decision.failed + settled.failed, created, deferred };
}

async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

function count(counters: RunCounters, plan: PersonPlan): void {
  counters.add('peopleProcessed');
  if (plan.stage.transition) counters.add(`transitions.${plan.stage.transition.to}`);
  if (plan.stage.slaBreach) counters.add('slaBreaches');
  if (plan.stage.slaAction) counters.add(`sla.${plan.stage.slaAction.kind}`);
  counters.add('plannedWrites', plan.writes.length);
  counters.add('plannedCreates', plan.creates.length);
  counters.add('mappingConflicts', plan.mapped.conflicts.length);
  counters.add('mappingWarnings', plan.mapped.warnings.length);
  counters.add('mappingErrors', plan.mapped.errors.length);
  counters.add('blockedLifecycle', plan.blocked.length);
  for (const r of plan.rewrittenByOrg) counters.add(`rewrittenByOrg.${r.crm}.${r.object}.${r.field}`);
}
