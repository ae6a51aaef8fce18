/**
 * A targeted run (`SyncPhases.syncRecords`): the named records and their people's other records read by id
 * (read-targets.ts), exactly those people processed, no stream pulled and no cursor moved. It runs under
 * the connection's run lease (the caller holds it), so it never plans beside a run's chunks.
 *
 * Hand-offs wait for the scheduled run: whether a person is missing from the other CRM is only known after
 * that CRM was pulled, and a record created there since the last run (a Lead sales typed in, with the same
 * email) is in no state yet, so creating one now could make a second. One-sided people are left dirty
 * instead; the next run pulls both CRMs, links by email, and hands off whoever is still alone.
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { RecordsRunResult, SyncRecordRef } from '../queue/types.ts';
import type { CompiledModel } from '../scoring/compile-model.ts';
import { previousModel } from '../models/rescore-queue.ts';
import type { SyncContext } from './context.ts';
import type { PersonPlan } from './plan-person.ts';
import { hiddenFieldCounter } from '../health/hidden-fields.ts';
import type { Prepared } from './prepare.ts';
import { processChunk } from './process-chunk.ts';
import { readTargets } from './read-targets.ts';
import { RunCounters } from './run-counters.ts';
import { addCounters, updateRunSummary } from './run-stats.ts';
import { runStatus } from './run-status.ts';
import type { PersonLink } from '../domain/person-link.ts';

export interface RecordsRunInput {
  readonly runId: string;
  readonly refs: readonly SyncRecordRef[];
  readonly dryRun: boolean;
  readonly model: CompiledModel;
  readonly onPlan?: (plan: PersonPlan) => void;
  /** The run's describe and provisioning (cached describe: a targeted run pays for no metadata). */
  prepare(): Promise<Prepared>;
  /** Records the run as failed before the error goes on (cursors were never to move anyway). */
  fail(error: unknown): Promise<void>;
}

/** The config a targeted run plans with: everything as configured, except that nothing is created. */
export function withoutHandoff(config: LeadloopConfig): LeadloopConfig {
  return { ...config, handoff: { ...config.handoff, createInSalesforce: 'never', createInHubSpot: 'never' } };
}

const oneSided = (link: PersonLink): boolean =>
  link.hubspotId === null || (link.salesforceLeadId === null && link.salesforceContactId === null);

export async function syncRecordsRun(ctx: SyncContext, input: RecordsRunInput): Promise<RecordsRunResult> {
  const { runId, dryRun } = input;
  const startedAt = ctx.clock().toISOString();
  await ctx.store.putRun({
    runId,
    kind: 'records',
    startedAt,
    finishedAt: null,
    status: 'running',
    stats: { dryRun },
    error: null,
  });
  try {
    const { available, targets, fieldMappings, withheld, hiddenFields } = await input.prepare();
    const read = new RunCounters();
    // As a full run does: status reads the newest run, so a targeted one must say what it skipped too.
    for (const f of hiddenFields) read.add(hiddenFieldCounter(f));
    const personIds = await readTargets(ctx, { runId, refs: input.refs, available }, read);
    await addCounters(ctx, runId, read.toJSON());
    // A person an unfinished budgeted rescore has not released keeps the model being replaced here too.
    const previous = await previousModel(ctx.store, ctx.config);
    const settings = {
      config: withoutHandoff({ ...ctx.config, fieldMappings }),
      model: input.model,
      targets,
      ...(previous ? { previous } : {}),
    };
    const chunkInput = {
      runId,
      dryRun,
      available,
      withheld: { fields: withheld, mappings: ctx.config.fieldMappings },
      ...(input.onPlan ? { onPlan: input.onPlan } : {}),
    };
    const outcome = { people: personIds.length, written: 0, failed: 0 };
    const size = ctx.config.sync.chunkSize;
    for (let i = 0; i < personIds.length; i += size) {
      const counters = new RunCounters();
      const chunk = { ...chunkInput, personIds: personIds.slice(i, i + size) };
      const done = await processChunk(ctx, ctx.store, settings, chunk, counters);
      await addCounters(ctx, runId, counters.toJSON());
      outcome.written += done.written;
      outcome.failed += done.failed;
    }
    const links = await ctx.store.getLinksByPersonIds(personIds);
    const waiting = [...links.values()].filter(oneSided).map((l) => l.personId);
    if (waiting.length > 0) await ctx.store.markDirty(waiting);
    const finishedAt = ctx.clock().toISOString();
    await updateRunSummary(
      ctx,
      runId,
      (existing) => {
        const stats = { ...(existing?.stats ?? {}), failedChunks: 0 };
        const started = existing?.startedAt ?? startedAt;
        return {
          runId,
          kind: 'records',
          startedAt: started,
          finishedAt,
          status: runStatus(stats),
          stats,
          error: null,
        };
      },
      { force: true },
    );
    return outcome;
  } catch (error) {
    await input.fail(error);
    throw error;
  }
}
