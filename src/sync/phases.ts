/**
 * The sync engine as the phases every run kind goes through (`SyncPhases`): pull, process the dirty people
 * chunk by chunk, commit. `sync --once`, dry runs, the admin API, the bench and the embedded scheduler run
 * them in this process (run-sync-in-process.ts); BullMQ workers run them as jobs across machines. Phases of
 * one run may execute in different processes, so each adds its counters to the stored run summary itself
 * (run-stats.ts) instead of keeping them in this process's memory.
 */
import { syncAccounts } from '../accounts/sync-accounts.ts';
import { hiddenFieldCounter } from '../health/hidden-fields.ts';
import type { SyncPhases, SyncRecordRef } from '../queue/types.ts';
import { compileModel } from '../scoring/compile-model.ts';
import { loadShadowCandidate, type ShadowCandidate } from '../models/shadow-candidate.ts';
import { previousModel, type PreviousModel } from '../models/rescore-queue.ts';
import { checkTerminology } from '../terminology/drift.ts';
import type { SyncContext } from './context.ts';
import type { CrmName } from '../domain/crm.ts';
import { dirtyChunks, type DirtyChunkLimit } from './dirty-chunks.ts';
import { meterPhaseCalls } from './metered-phases.ts';
import type { PersonPlan } from './plan-person.ts';
import { prepareRun, type Prepared } from './prepare.ts';
import { processChunk } from './process-chunk.ts';
import { pullPhase } from './pull.ts';
import type { RunKind } from '../domain/run-kind.ts';
import { RunCounters } from './run-counters.ts';
import { addCounters, updateRunSummary } from './run-stats.ts';
import { runStatus } from './run-status.ts';
import { syncRecordsRun } from './sync-records.ts';

export interface PhaseOptions {
  /** Plan everything, write nothing: the context's store is then an overlay the caller discards. */
  readonly dryRun?: boolean;
  /** Every person's plan, as it is made (dry-run listings, admin previews). */
  readonly onPlan?: (plan: PersonPlan) => void;
  /** Pull what changed since this time instead of the stored cursors (`sync --since`). */
  readonly since?: Date;
}

/** The audit log keeps `retention.auditDays` of history. */
export async function pruneAuditLog(ctx: SyncContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - ctx.config.retention.auditDays * 86_400_000);
  return ctx.store.pruneAudit(cutoff);
}

export function createSyncPhases(
  ctx: SyncContext,
  options: PhaseOptions = {},
): SyncPhases & {
  /** What the run's preparation provisioned (or, in a dry run, would provision). */
  provisioned(runId: string): Promise<Prepared['provisioned']>;
} {
  const dryRun = options.dryRun === true;
  const model = compileModel(ctx.config.scoring, { explanationLength: ctx.config.fields.explanationLength });
  // Describe + provisioning once per run and process. A process that did not pull this run (a worker
  // given only its chunks) prepares as an incremental run would: the connectors' cached describe.
  let prepared: { runId: string; result: Promise<Prepared> } | undefined;
  const prepare = (runId: string, kind: RunKind | 'records' = 'incremental'): Promise<Prepared> => {
    if (prepared?.runId !== runId) prepared = { runId, result: prepareRun(ctx, { dryRun, kind }) };
    return prepared.result;
  };

  // The shadowed candidate and the model an unfinished budgeted rescore replaces, read once per run and
  // process like the preparation (the pull, which may start or advance that rescore, comes first).
  type RunModels = { candidate?: ShadowCandidate | undefined; previous?: PreviousModel | undefined };
  let models: { runId: string; result: Promise<RunModels> } | undefined;
  const modelsFor = (runId: string): Promise<RunModels> => {
    if (models?.runId !== runId)
      models = {
        runId,
        result: Promise.all([
          loadShadowCandidate(ctx.store, ctx.config, ctx.logger),
          previousModel(ctx.store, ctx.config),
        ]).then(([candidate, previous]) => ({ candidate, previous })),
      };
    return models.result;
  };

  const phases = {
    async provisioned(runId: string) {
      return (await prepare(runId)).provisioned;
    },
    async pull({ runId, kind, signal }: { runId: string; kind: RunKind; signal: AbortSignal }) {
      await ctx.store.putRun({
        runId,
        kind,
        startedAt: ctx.clock().toISOString(),
        finishedAt: null,
        status: 'running',
        stats: { dryRun },
        error: null,
      });
      const { available, hiddenFields } = await prepare(runId, kind);
      const counters = new RunCounters();
      for (const f of hiddenFields) counters.add(hiddenFieldCounter(f));
      const pulled = await pullPhase(
        ctx,
        { runId, kind, signal, available, ...(options.since ? { since: options.since } : {}) },
        counters,
      );
      await addCounters(ctx, runId, counters.toJSON());
      return { ...pulled, pulled: counters.get('recordsPulled') };
    },
    listDirtyChunks(chunkSize: number, limit: DirtyChunkLimit = {}) {
      return dirtyChunks(ctx.store, chunkSize, limit);
    },
    async processChunk({
      runId,
      personIds,
      deferPartial = false,
    }: {
      runId: string;
      personIds: string[];
      deferPartial?: boolean;
    }) {
      const { targets, available, fieldMappings, withheld } = await prepare(runId);
      const { candidate, previous } = await modelsFor(runId);
      const settings = {
        config: { ...ctx.config, fieldMappings },
        model,
        targets,
        ...(candidate ? { candidate } : {}),
        ...(previous ? { previous } : {}),
      };
      const counters = new RunCounters();
      const input = {
        runId,
        dryRun,
        available,
        withheld: { fields: withheld, mappings: ctx.config.fieldMappings },
        ...(options.onPlan ? { onPlan: options.onPlan } : {}),
      };
      const batchSizes: Record<CrmName, number> = {
        hubspot: ctx.connectors.hubspot.batchSizes.write,
        salesforce: ctx.connectors.salesforce.batchSizes.write,
      };
      const result = await processChunk(
        ctx,
        ctx.store,
        settings,
        { ...input, personIds, ...(deferPartial ? { deferPartial: batchSizes } : {}) },
        counters,
      );
      // People who got a record created need one more pass so both sides carry the new id in this run:
      // now, or with the deferred people (they are dirty again already).
      if (!deferPartial && result.created.length > 0)
        await processChunk(ctx, ctx.store, settings, { ...input, personIds: result.created }, counters);
      await addCounters(ctx, runId, counters.toJSON());
      const deferred = deferPartial ? [...new Set([...result.deferred, ...result.created])] : [];
      return { written: result.written, failed: result.failed, deferred };
    },
    async commit({
      runId,
      pendingCursors,
      failedChunks,
    }: {
      runId: string;
      pendingCursors: Record<string, string | null>;
      failedChunks: number;
    }) {
      const { described } = await prepare(runId);
      // Label drift against the glossary, from this run's describe results: no extra API calls. A dry
      // run reports drift but never relabels the CRMs.
      const terminology = await checkTerminology(ctx, {
        enforce: ctx.config.terminology.enforce && !dryRun,
        described,
      });
      // Accounts roll up their people's engagement, so they come after every chunk (src/accounts).
      await syncAccounts(ctx, { runId, dryRun });
      const auditPruned = dryRun ? 0 : await pruneAuditLog(ctx);
      // Every dirty person was processed; those with retryable failures stay dirty for the next run.
      for (const [key, cursor] of Object.entries(pendingCursors)) await ctx.store.setCursor(key, cursor);
      const finishedAt = ctx.clock().toISOString();
      await updateRunSummary(
        ctx,
        runId,
        (existing) => {
          const stats = {
            ...(existing?.stats ?? {}),
            failedChunks,
            labelDrift: terminology.drift.length,
            auditPruned,
          };
          return {
            runId,
            kind: existing?.kind ?? 'incremental',
            startedAt: existing?.startedAt ?? finishedAt,
            finishedAt,
            status: runStatus(stats),
            stats,
            error: null,
          };
        },
        { force: true },
      );
    },
    async fail({ runId, error }: { runId: string; error: unknown }) {
      const finishedAt = ctx.clock().toISOString();
      await updateRunSummary(
        ctx,
        runId,
        (existing) => ({
          runId,
          kind: existing?.kind ?? 'incremental',
          startedAt: existing?.startedAt ?? finishedAt,
          finishedAt,
          status: 'failed',
          stats: existing?.stats ?? {},
          error: error instanceof Error ? error.message : String(error),
        }),
        { force: true },
      );
    },
    async syncRecords({ runId, refs }: { runId: string; refs: SyncRecordRef[] }) {
      // Only the named records and their people: no stream pull, no cursor moves (sync-records.ts).
      return syncRecordsRun(ctx, {
        runId,
        refs,
        dryRun,
        model,
        ...(options.onPlan ? { onPlan: options.onPlan } : {}),
        prepare: () => prepare(runId, 'records'),
        fail: (error) => phases.fail({ runId, error }),
      });
    },
  };
  return meterPhaseCalls(ctx, phases);
}
