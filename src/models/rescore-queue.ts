/**
 * A published model's rescore under `scoring.rescoreBudget`, kept in the state so it survives a restart:
 * the people still waiting for the new model (biggest score change first, in pages beside the cursors)
 * and a header with how far the release got and the calls spent today. Each run releases the next people
 * that fit the day's budget by marking them dirty; the run then scores and writes them like anyone else.
 */
import { z } from 'zod';
import { CrmName, IsoTime } from '../domain/crm.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import { defineMeta } from '../state/meta.ts';
import type { StateStore } from '../state/types.ts';
import { CRMS, type SyncContext } from '../sync/context.ts';
import type { RunCounters } from '../sync/run-counters.ts';
import {
  budgetDay,
  dailyAllowance,
  releaseWithinBudget,
  rescoreOrder,
  type PerCrm,
  type RescoreEntry,
} from './rescore-budget.ts';
import { peopleWithStates } from './shadowed-people.ts';
import { recordedScoring } from './model-meta.ts';
import { compileModel, type CompiledModel } from '../scoring/compile-model.ts';
import { readPersonState } from '../sync/person-state.ts';

const PAGE = 1000;
const PerCrmCount = z.record(CrmName, z.number().int().nonnegative());

export const RescorePlan = z.strictObject({
  modelVersion: z.string(),
  /** The version being replaced: people not released yet keep its score (plan-person.ts). */
  previousVersion: z.string(),
  createdAt: IsoTime,
  total: z.number().int().nonnegative(),
  /** Index of the first entry not released yet. */
  next: z.number().int().nonnegative(),
  /** The budget day (UTC) `used` counts for. */
  day: z.string(),
  used: PerCrmCount,
  /** Total records the whole rescore writes per CRM, and the calls that takes. */
  records: PerCrmCount,
  finishedAt: IsoTime.nullable(),
});
export type RescorePlan = z.infer<typeof RescorePlan>;

const Entry = z.strictObject({ personId: z.string(), change: z.number(), records: PerCrmCount });
export const rescorePlanMeta = defineMeta('rescore-plan', RescorePlan);
const pageMeta = (i: number) => defineMeta(`rescore-page:${i}`, z.array(Entry));

type Store = Pick<StateStore, 'getCursor' | 'setCursor' | 'iterateLinks' | 'getPersonStates'>;

/** The model a budgeted rescore is replacing, compiled, while that rescore is unfinished. */
export interface PreviousModel {
  readonly model: CompiledModel;
  readonly rescoreTo: string;
}

/**
 * Everyone a switch to `modelVersion` rescores, biggest change first: the change is what the shadowed
 * candidate of that version scored against the live score last written (0 for people it never scored).
 * Records per CRM are the ones a rescore writes: the HubSpot contact, the primary Salesforce record and,
 * with `duplicates.writeScores: all`, its duplicates.
 */
export async function rescoreEntries(
  store: Store,
  config: LeadloopConfig,
  modelVersion: string,
): Promise<RescoreEntry[]> {
  const entries: RescoreEntry[] = [];
  for await (const { link, state } of peopleWithStates(store)) {
    const shadow = state.shadow?.candidateVersion === modelVersion ? state.shadow : undefined;
    const change =
      shadow && state.lastScore ? Math.abs(shadow.latest.candidate.total - state.lastScore.total) : 0;
    const primary = link.salesforceContactId ?? link.salesforceLeadId;
    const duplicates = config.duplicates.writeScores === 'all' ? state.duplicates.length : 0;
    entries.push({
      personId: link.personId,
      change,
      records: { hubspot: link.hubspotId ? 1 : 0, salesforce: primary ? 1 + duplicates : 0 },
    });
  }
  return entries.sort(rescoreOrder);
}

export function totalRecords(entries: readonly RescoreEntry[]): PerCrm {
  let hubspot = 0;
  let salesforce = 0;
  for (const e of entries) {
    hubspot += e.records.hubspot;
    salesforce += e.records.salesforce;
  }
  return { hubspot, salesforce };
}

/** Pages first, header last: a crash in between leaves no header, and the next run plans again. */
export async function storeRescorePlan(
  store: Store,
  versions: { readonly modelVersion: string; readonly previousVersion: string },
  entries: readonly RescoreEntry[],
  now: Date,
): Promise<RescorePlan> {
  const before = await rescorePlanMeta.read(store);
  if (before) await deletePages(store, before.total);
  for (let i = 0; i * PAGE < entries.length; i++)
    await pageMeta(i).write(store, entries.slice(i * PAGE, (i + 1) * PAGE));
  const plan: RescorePlan = {
    ...versions,
    createdAt: now.toISOString(),
    total: entries.length,
    next: 0,
    day: budgetDay(now),
    used: { hubspot: 0, salesforce: 0 },
    records: totalRecords(entries),
    finishedAt: entries.length === 0 ? now.toISOString() : null,
  };
  await rescorePlanMeta.write(store, plan);
  return plan;
}

async function deletePages(store: Store, total: number): Promise<void> {
  for (let page = 0; page * PAGE < total; page++) await store.setCursor(pageMeta(page).key, null);
}

async function flagReleased(
  store: Pick<StateStore, 'getPersonStates' | 'putPersonStates'>,
  personIds: readonly string[],
  modelVersion: string,
): Promise<void> {
  for (let i = 0; i < personIds.length; i += PAGE) {
    const ids = personIds.slice(i, i + PAGE);
    const raw = await store.getPersonStates(ids);
    const states = ids.flatMap((personId) => {
      const stored = raw.get(personId);
      // Never scored: nothing to replace, the new model applies anyway.
      if (stored === undefined) return [];
      return [{ personId, state: { ...readPersonState(stored), rescoreTo: modelVersion } }];
    });
    if (states.length > 0) await store.putPersonStates(states);
  }
}

async function readPage(store: Store, i: number): Promise<RescoreEntry[]> {
  return (await pageMeta(i).read(store)) ?? [];
}

/** Releases the next people within today's budget: marks them dirty, then moves the header on. */
export async function releaseRescore(
  ctx: SyncContext,
  plan: RescorePlan,
  budget: number,
  counters: RunCounters,
): Promise<RescorePlan> {
  const now = ctx.clock();
  const day = budgetDay(now);
  const used = plan.day === day ? plan.used : { hubspot: 0, salesforce: 0 };
  const limits = Object.fromEntries(CRMS.map((crm) => [crm, ctx.connectors[crm].usage().quota.dailyLimit]));
  const daily = dailyAllowance(budget, limits);
  const allowance = {
    hubspot: Math.max(0, daily.hubspot - used.hubspot),
    salesforce: Math.max(0, daily.salesforce - used.salesforce),
  };
  const batch = {
    hubspot: ctx.connectors.hubspot.batchSizes.write,
    salesforce: ctx.connectors.salesforce.batchSizes.write,
  };
  const waiting: RescoreEntry[] = [];
  let release = releaseWithinBudget([], allowance, batch);
  for (let page = Math.floor(plan.next / PAGE); page * PAGE < plan.total; page++) {
    const entries = await readPage(ctx.store, page);
    waiting.push(...entries.slice(page === Math.floor(plan.next / PAGE) ? plan.next % PAGE : 0));
    release = releaseWithinBudget(waiting, allowance, batch);
    if (release.count < waiting.length) break;
  }
  const released = waiting.slice(0, release.count).map((e) => e.personId);
  // Durable before they are dirty: whichever run processes them, they get the new model.
  await flagReleased(ctx.store, released, plan.modelVersion);
  if (released.length > 0) await ctx.store.markDirty(released);
  const next = plan.next + release.count;
  const finished = next >= plan.total;
  const after: RescorePlan = {
    ...plan,
    next,
    day,
    used: {
      hubspot: used.hubspot + release.calls.hubspot,
      salesforce: used.salesforce + release.calls.salesforce,
    },
    finishedAt: finished ? now.toISOString() : null,
  };
  await rescorePlanMeta.write(ctx.store, after);
  if (finished) await deletePages(ctx.store, plan.total);
  counters.add('rescore.released', release.count);
  counters.add('rescore.waiting', plan.total - next);
  ctx.logger.info(
    {
      modelVersion: plan.modelVersion,
      released: release.count,
      waiting: plan.total - next,
      allowance,
      daily,
    },
    finished ? 'rescore of the published model finished' : 'rescore released within its budget',
  );
  return after;
}

/**
 * The pull phase's part: with `scoring.rescoreBudget` set, a model change starts a budgeted rescore
 * (instead of rescoring everyone at once) and every run releases what the budget allows until it is done.
 * True while such a rescore is in charge, so the run does not mark everyone dirty itself.
 */
export async function budgetedRescore(
  ctx: SyncContext,
  change: { readonly modelChanged: boolean; readonly previousVersion: string | null },
  counters: RunCounters,
): Promise<boolean> {
  const budget = ctx.config.scoring.rescoreBudget;
  if (budget === undefined) return false;
  const live = ctx.config.scoring.modelVersion;
  let plan = await rescorePlanMeta.read(ctx.store);
  // The very first run has no scores to change: it writes everyone anyway.
  if (change.modelChanged && change.previousVersion !== null) {
    const previousVersion = change.previousVersion;
    if ((await recordedScoring(ctx.store, previousVersion)) === null) {
      ctx.logger.warn(
        { modelVersion: live, previousVersion },
        'the model being replaced is not in the model history (a state older than it): everyone is rescored in this run',
      );
      return false;
    }
    const entries = await rescoreEntries(ctx.store, ctx.config, live);
    plan = await storeRescorePlan(ctx.store, { modelVersion: live, previousVersion }, entries, ctx.clock());
  }
  if (!plan || plan.modelVersion !== live || plan.finishedAt !== null) return false;
  await releaseRescore(ctx, plan, budget, counters);
  return true;
}

/** For a run's chunks: the model people not released yet keep, or nothing when no rescore is unfinished. */
export async function previousModel(
  store: Pick<StateStore, 'getCursor' | 'setCursor'>,
  config: LeadloopConfig,
): Promise<PreviousModel | undefined> {
  if (config.scoring.rescoreBudget === undefined) return undefined;
  const plan = await rescorePlanMeta.read(store);
  if (!plan || plan.modelVersion !== config.scoring.modelVersion || plan.finishedAt !== null)
    return undefined;
  const scoring = await recordedScoring(store, plan.previousVersion);
  if (scoring === null) return undefined;
  return {
    model: compileModel(scoring, { explanationLength: config.fields.explanationLength }),
    rescoreTo: plan.modelVersion,
  };
}
