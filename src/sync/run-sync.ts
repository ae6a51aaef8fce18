/**
 * One sync run, embedded: prepare → pull (phase 1) → process dirty people in chunks (phase 2) → commit
 * cursors (phase 3). The BullMQ worker runs the same phases as jobs (see phases.ts), so a run on one
 * machine and a run shared by N workers reach the same CRM state.
 */
import { LeadloopError } from '../lib/errors.ts';
import { compileModel } from '../scoring/compile-model.ts';
import { OverlayStore } from '../state/overlay-store.ts';
import type { RunSummary, StateStore } from '../state/types.ts';
import { CRMS, type SyncContext } from './context.ts';
import type { PersonPlan } from './plan-person.ts';
import { checkTerminology } from '../terminology/drift.ts';
import { prepareRun, type Prepared } from './prepare.ts';
import { processChunk } from './process-chunk.ts';
import { pullPhase, type RunKind } from './pull.ts';
import { RunCounters } from './run-counters.ts';

export interface RunOptions {
  readonly kind: RunKind;
  readonly dryRun?: boolean;
  readonly since?: Date;
  readonly chunkSize?: number;
  readonly onPlan?: (plan: PersonPlan) => void;
  /** Stop processing after this many people (admin preview samples). */
  readonly limitPeople?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: 'pull' | 'process', done: number, total?: number) => void;
}

export interface RunReport {
  readonly runId: string;
  readonly kind: RunKind;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly counters: Record<string, number>;
  readonly provisioned: Prepared['provisioned'];
  readonly status: RunSummary['status'];
}

/** People per chunk: large enough that write batches fill (HubSpot 100, Salesforce 1,000 per call). */
export const DEFAULT_CHUNK = 5000;
const RUN_LOCK = 'sync-run';
const LOCK_TTL_MS = 10 * 60_000;

/** The audit log keeps `retention.auditDays` of history. */
export async function pruneAuditLog(ctx: SyncContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - ctx.config.retention.auditDays * 86_400_000);
  return ctx.store.pruneAudit(cutoff);
}

export function newRunId(now: Date): string {
  return `run_${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}_${crypto.randomUUID().slice(0, 8)}`;
}

/** Phase 2 over every dirty person: pages through the dirty set so a retryable failure cannot loop. */
export async function processAllDirty(
  ctx: SyncContext,
  store: StateStore,
  prepared: Prepared,
  runId: string,
  options: RunOptions,
  counters: RunCounters,
): Promise<void> {
  const model = compileModel(ctx.config.scoring, { explanationLength: ctx.config.fields.explanationLength });
  const settings = { config: ctx.config, model, targets: prepared.targets };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const total = await store.countDirty();
  let after: string | undefined;
  let done = 0;
  const followUp = new Set<string>();
  for (;;) {
    options.signal?.throwIfAborted();
    const limit =
      options.limitPeople === undefined ? chunkSize : Math.min(chunkSize, options.limitPeople - done);
    if (limit <= 0) break;
    const ids = await store.listDirty(limit, after);
    if (ids.length === 0) break;
    const input = {
      runId,
      personIds: ids,
      dryRun: options.dryRun === true,
      ...(options.onPlan ? { onPlan: options.onPlan } : {}),
    };
    const result = await processChunk({ ...ctx, store }, store, settings, input, counters);
    for (const id of result.created) followUp.add(id);
    after = ids.at(-1);
    done += ids.length;
    options.onProgress?.('process', done, total);
  }
  // One more pass for people who got a record created, so both sides carry the new id in the same run.
  const again = [...followUp];
  for (let i = 0; i < again.length; i += chunkSize) {
    const ids = again.slice(i, i + chunkSize);
    await processChunk(
      { ...ctx, store },
      store,
      settings,
      { runId, personIds: ids, dryRun: options.dryRun === true },
      counters,
    );
  }
}

export async function runSync(ctx: SyncContext, options: RunOptions): Promise<RunReport> {
  const started = ctx.clock();
  const runId = newRunId(started);
  const dryRun = options.dryRun === true;
  const store: StateStore = dryRun ? new OverlayStore(ctx.store) : ctx.store;
  const runCtx: SyncContext = { ...ctx, store, logger: ctx.logger.child({ runId, kind: options.kind }) };
  const counters = new RunCounters();
  const callsBefore = Object.fromEntries(CRMS.map((crm) => [crm, ctx.connectors[crm].usage().totalCalls]));
  if (!dryRun && !(await ctx.store.acquireLock(RUN_LOCK, runId, LOCK_TTL_MS))) {
    throw new LeadloopError('RUN_IN_PROGRESS', 'another sync run holds the lock for this connection', {
      lock: RUN_LOCK,
    });
  }
  const summary = (status: RunSummary['status'], error: string | null): RunSummary => ({
    runId,
    kind: options.kind,
    startedAt: started.toISOString(),
    finishedAt: status === 'running' ? null : ctx.clock().toISOString(),
    status,
    stats: { ...counters.toJSON(), dryRun },
    error,
  });
  const renew = dryRun
    ? undefined
    : setInterval(() => void ctx.store.renewLock(RUN_LOCK, runId, LOCK_TTL_MS), LOCK_TTL_MS / 3);
  try {
    if (!dryRun) await store.putRun(summary('running', null));
    const prepared = await prepareRun(runCtx, { dryRun, kind: options.kind });
    const pull = await pullPhase(
      runCtx,
      {
        runId,
        available: prepared.available,
        kind: options.kind,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.since ? { since: options.since } : {}),
      },
      counters,
    );
    options.onProgress?.('pull', counters.get('recordsPulled'));
    await processAllDirty(runCtx, store, prepared, runId, options, counters);
    if (!dryRun) {
      // Label drift against the glossary, from this run's describe results: no extra API calls.
      const terminology = await checkTerminology(runCtx, {
        enforce: ctx.config.terminology.enforce,
        described: prepared.described,
      });
      counters.add('labelDrift', terminology.drift.length);
      counters.add('auditPruned', await pruneAuditLog(ctx));
    }
    // Phase 3: every dirty person was processed; those with retryable failures stay dirty for the next run.
    for (const [key, cursor] of Object.entries(pull.pendingCursors)) await store.setCursor(key, cursor);
    for (const crm of CRMS)
      counters.add(`apiCalls.${crm}`, ctx.connectors[crm].usage().totalCalls - (callsBefore[crm] ?? 0));
    const status: RunSummary['status'] =
      counters.get('writesRetryable') + counters.get('createsFailed') > 0 ? 'partial' : 'succeeded';
    if (!dryRun) await store.putRun(summary(status, null));
    const finished = ctx.clock();
    return {
      runId,
      kind: options.kind,
      dryRun,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      counters: counters.toJSON(),
      provisioned: prepared.provisioned,
      status,
    };
  } catch (err) {
    if (!dryRun) await store.putRun(summary('failed', err instanceof Error ? err.message : String(err)));
    throw err;
  } finally {
    if (renew) clearInterval(renew);
    if (!dryRun) await ctx.store.releaseLock(RUN_LOCK, runId);
    if (dryRun) await store.close();
  }
}
