/**
 * Phase 1 of a run: pull every stream since its cursor into the state store. Returns the cursors to
 * commit once every dirty person has been processed (phase 3), never before.
 */
import { z } from 'zod';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import { defineMeta, type MetaEntry } from '../state/meta.ts';
import { CRMS, type SyncContext } from './context.ts';
import { fieldsToRead } from './fields-to-pull.ts';
import { mergedPages, prefetched } from './prefetch.ts';
import {
  ingestActivities,
  ingestOpportunities,
  ingestRecords,
  ingestRejected,
  reconcileActivityPeople,
  removeActivities,
} from './ingest.ts';
import type { RunKind } from '../domain/run-kind.ts';
import type { RunCounters } from './run-counters.ts';
import { unavailableCounterNames } from '../health/behaviour-warnings.ts';
import { furtherModelsChange } from './further-model-versions.ts';
import { recordLiveVersion } from '../models/model-meta.ts';
import { budgetedRescore } from '../models/rescore-queue.ts';
import { markSlaStepsDue } from '../sla/mark-due.ts';

export interface PullInput {
  readonly runId: string;
  readonly kind: RunKind;
  readonly signal?: AbortSignal;
  /** Field names each `crm:object` has (from describe): pulls ask only for those. */
  readonly available?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Overrides the stored cursors: pull everything modified since this time (`sync --since`). */
  readonly since?: Date;
}

export interface PullResult {
  readonly pendingCursors: Record<string, string | null>;
  readonly dirty: number;
}

/** The model version the stored scores were computed with. */
export const modelVersionMeta = defineMeta('model-version', z.string(), { legacy: (raw) => raw });

/**
 * The fields a stream was last pulled with. Snapshots hold only those, so a field added since (a new
 * mapping, a model rule on a new field, a field that became visible) has no stored value anywhere: the
 * stream is read again from the start once, which fills it for every record and marks their people dirty.
 */
export const pulledFieldsMeta = (crm: CrmName, object: PersonObject): MetaEntry<string[]> =>
  defineMeta(`pulled-fields:${crm}:${object}`, z.array(z.string()), {
    legacy: (raw) => raw.split(','),
  });

/** Fields in `now` the stream was not pulled with (all of them when the stored list predates this key). */
function addedFields(stored: readonly string[] | null, now: readonly string[]): string[] {
  if (stored === null) return [...now];
  const before = new Set(stored);
  return now.filter((f) => !before.has(f));
}

/**
 * Records and activities per ingest batch: consecutive pages are joined up to these sizes so the state
 * store commits once per batch, not once per API page (see `mergedPages`).
 */
const RECORDS_PER_INGEST = 2000;
const ACTIVITIES_PER_INGEST = 5000;

export const cursorKey = (crm: string, stream: PersonObject | 'activities' | 'opportunities'): string =>
  `${crm}:${stream}`;

export async function pullPhase(
  ctx: SyncContext,
  input: PullInput,
  counters: RunCounters,
): Promise<PullResult> {
  const signpost = ctx.clock();
  const full = input.kind === 'full';
  const pending: Record<string, string | null> = {};
  const since = input.since ? { since: input.since } : {};
  const startCursor = async (key: string): Promise<string | null> => (full ? null : ctx.store.getCursor(key));

  for (const crm of CRMS) {
    const connector = ctx.connectors[crm];
    const streams = [];
    for (const object of connector.objects) {
      const fields = fieldsToRead(ctx.config, crm, object, input.available);
      const cursor = await startCursor(cursorKey(crm, object));
      // A stream never pulled (cursor null) reads everything anyway; otherwise new fields need a re-read.
      const added =
        cursor === null ? [] : addedFields(await pulledFieldsMeta(crm, object).read(ctx.store), fields);
      const backfill = added.length > 0;
      if (backfill) {
        ctx.logger.info(
          { crm, object, fields: added.slice(0, 20), count: added.length },
          'fields not pulled before (mapping or model change): reading the stream again to fill them',
        );
        counters.add('backfilledStreams', 1);
      }
      const options = { signpost, full: full || backfill, fields, ...(backfill ? {} : since) };
      streams.push({ object, fields, cursor: backfill ? null : cursor, options });
    }
    // The plan repeats exactly what the pulls below pass, so a connector's prefetch matches them.
    await connector.beginPoll?.({
      records: streams,
      activities: {
        cursor: await startCursor(cursorKey(crm, 'activities')),
        options: { signpost, full, ...since },
      },
      opportunities: {
        cursor: await startCursor(cursorKey(crm, 'opportunities')),
        options: { signpost, full, ...since },
      },
    });
    for (const { object, fields, cursor, options } of streams) {
      const key = cursorKey(crm, object);
      const pulledWith = pulledFieldsMeta(crm, object);
      const pages = prefetched(connector.pullChanges(object, cursor, options));
      for await (const page of mergedPages(pages, RECORDS_PER_INGEST)) {
        input.signal?.throwIfAborted();
        await ingestRecords(ctx, page.items, counters);
        if (page.rejected.length > 0) await ingestRejected(ctx, input.runId, page.rejected, counters);
        pending[key] = page.cursor;
      }
      // Stored once the stream has been read with them: the people it touched are already durably dirty.
      await pulledWith.write(ctx.store, fields);
    }
  }
  // Activities and opportunities after records, so the people they belong to are already linked.
  for (const crm of CRMS) {
    const connector = ctx.connectors[crm];
    const activitiesKey = cursorKey(crm, 'activities');
    const activityPages = connector.pullActivities(await startCursor(activitiesKey), {
      signpost,
      full,
      ...since,
    });
    for await (const page of mergedPages(prefetched(activityPages), ACTIVITIES_PER_INGEST)) {
      input.signal?.throwIfAborted();
      await ingestActivities(ctx, page.items, counters);
      await reconcileActivityPeople(ctx, page.people, page.items, counters);
      await removeActivities(ctx, page.removed, page.items, counters);
      pending[activitiesKey] = page.cursor;
    }
    // Known by now (the pull asked): no extra call. Recorded with the run, so status and metrics see it.
    const unavailable = (await connector.unavailableStreams?.()) ?? [];
    if (unavailable.length > 0)
      ctx.logger.warn(
        { crm, unavailable },
        'behaviour streams unavailable on this account: their activities cannot be scored',
      );
    for (const name of unavailableCounterNames(unavailable)) counters.add(name, 1);
    const oppKey = cursorKey(crm, 'opportunities');
    const opportunityPages = connector.pullOpportunities(await startCursor(oppKey), {
      signpost,
      full,
      ...since,
    });
    for await (const page of mergedPages(prefetched(opportunityPages), RECORDS_PER_INGEST)) {
      input.signal?.throwIfAborted();
      await ingestOpportunities(ctx, crm, page.items, counters);
      pending[oppKey] = page.cursor;
    }
  }
  // A new model version rescores everyone, within the same run's batched writes (no extra pulls), unless
  // `scoring.rescoreBudget` spreads it over runs; until such a rescore has released a person, they keep
  // the model being replaced, whatever else makes them dirty (plan-person.ts).
  const previousVersion = await modelVersionMeta.read(ctx.store);
  const modelChanged = previousVersion !== ctx.config.scoring.modelVersion;
  if (modelChanged) await recordLiveVersion(ctx);
  const budgeted = await budgetedRescore(ctx, { modelChanged, previousVersion }, counters);
  if (input.kind === 'rescore' || input.kind === 'full' || (modelChanged && !budgeted))
    await markEveryoneDirty(ctx);
  if (modelChanged) await modelVersionMeta.write(ctx.store, ctx.config.scoring.modelVersion);
  const further = await furtherModelsChange(ctx);
  if (further.changed) {
    await markEveryoneDirty(ctx);
    await further.commit();
  }
  const slaDue = await markSlaStepsDue(ctx, signpost);
  if (slaDue > 0) counters.add('sla.due', slaDue);
  return { pendingCursors: pending, dirty: await ctx.store.countDirty() };
}

/** Decay and model changes move scores without any CRM change: every linked person is re-scored. */
export async function markEveryoneDirty(ctx: SyncContext): Promise<void> {
  for await (const batch of ctx.store.iterateLinks(2000))
    await ctx.store.markDirty(batch.map((l) => l.personId));
}
