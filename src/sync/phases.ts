/**
 * The sync engine as the three phases the queue layer schedules (`SyncPhases`): BullMQ workers run them
 * as jobs across machines, the embedded scheduler in-process. Each phase is the same code `runSync` uses.
 * Phases of one run may execute in different processes, so each adds its counters to the stored run
 * summary itself (run-stats.ts) instead of keeping them in this process's memory.
 */
import type { SyncPhases, SyncRecordRef } from '../queue/types.ts';
import { compileModel } from '../scoring/compile-model.ts';
import type { SyncContext } from './context.ts';
import { prepareRun, type Prepared } from './prepare.ts';
import { processChunk } from './process-chunk.ts';
import { pullPhase } from './pull.ts';
import { RunCounters } from './run-counters.ts';
import { addCounters, updateRunSummary } from './run-stats.ts';
import { pruneAuditLog } from './run-sync.ts';

export function createSyncPhases(ctx: SyncContext): SyncPhases {
  let prepared: Promise<Prepared> | undefined;
  const model = compileModel(ctx.config.scoring, { explanationLength: ctx.config.fields.explanationLength });
  // Describe + provisioning once per process: every worker needs the mapping targets.
  const prepare = (): Promise<Prepared> => (prepared ??= prepareRun(ctx, { dryRun: false }));

  const phases: SyncPhases = {
    async pull({ runId, kind, signal }) {
      await prepare();
      const started = ctx.clock().toISOString();
      await ctx.store.putRun({
        runId,
        kind,
        startedAt: started,
        finishedAt: null,
        status: 'running',
        stats: {},
        error: null,
      });
      const counters = new RunCounters();
      const pulled = await pullPhase(ctx, { runId, kind, signal }, counters);
      await addCounters(ctx, runId, counters.toJSON());
      return pulled;
    },
    async listDirtyChunks(chunkSize) {
      const chunks: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const ids = await ctx.store.listDirty(chunkSize, after);
        if (ids.length === 0) return chunks;
        chunks.push(ids);
        after = ids.at(-1);
      }
    },
    async processChunk({ runId, personIds }) {
      const { targets } = await prepare();
      const counters = new RunCounters();
      const result = await processChunk(
        ctx,
        ctx.store,
        { config: ctx.config, model, targets },
        { runId, personIds, dryRun: false },
        counters,
      );
      if (result.created.length > 0) {
        await processChunk(
          ctx,
          ctx.store,
          { config: ctx.config, model, targets },
          { runId, personIds: result.created, dryRun: false },
          counters,
        );
      }
      await addCounters(ctx, runId, counters.toJSON());
      return { written: result.written, failed: result.failed };
    },
    async commit({ runId, pendingCursors, failedChunks }) {
      for (const [key, cursor] of Object.entries(pendingCursors)) await ctx.store.setCursor(key, cursor);
      const auditPruned = await pruneAuditLog(ctx);
      const finishedAt = ctx.clock().toISOString();
      await updateRunSummary(
        ctx,
        runId,
        (existing) => ({
          runId,
          kind: existing?.kind ?? 'incremental',
          startedAt: existing?.startedAt ?? finishedAt,
          finishedAt,
          status: failedChunks > 0 ? 'partial' : 'succeeded',
          stats: { ...(existing?.stats ?? {}), failedChunks, auditPruned },
          error: null,
        }),
        { force: true },
      );
    },
    async syncRecords({ runId, refs }) {
      // A webhook names records; their people are marked dirty and an incremental pull fetches the
      // changed values (⌈k/200⌉ search calls), then just those people are processed.
      const links = await ctx.store.getLinksByRefs(
        refs.map((r: SyncRecordRef) => ({ crm: r.crm, object: r.object, id: r.id })),
      );
      const personIds = [...new Set([...links.values()].map((l) => l.personId))];
      const pulled = await phases.pull({ runId, kind: 'incremental', signal: new AbortController().signal });
      await ctx.store.markDirty(personIds);
      for (const chunk of await phases.listDirtyChunks(1000))
        await phases.processChunk({ runId, personIds: chunk });
      await phases.commit({ runId, pendingCursors: pulled.pendingCursors, failedChunks: 0 });
    },
  };
  return phases;
}
