/**
 * `leadloop model publish`, in two steps so the admin sees the cost before anything changes: `planPublish`
 * reads the shadowed candidate, forecasts the rescore's writes and builds the new config file (validated);
 * `applyPublish` writes the file (atomically, comments kept), records the version in the history and
 * stops the shadow. The next run sees the new `modelVersion` and rescores, within `scoring.rescoreBudget`.
 */
import type { Document } from 'yaml';
import type { LeadloopConfig } from '../config/schema.ts';
import { CRMS, type SyncContext } from '../sync/context.ts';
import { readConfigDocument, writeConfigDocument } from '../http/config-file.ts';
import { LeadloopError } from '../lib/errors.ts';
import {
  dropCandidate,
  readCandidate,
  readModelHistory,
  recordModelVersion,
  scoringHash,
  type StoredCandidate,
} from './model-meta.ts';
import { publishedConfig } from './publish-scoring.ts';
import { forecastRescore, type CrmForecast } from './rescore-forecast.ts';
import { rescoreEntries, totalRecords } from './rescore-queue.ts';
import type { CrmName } from '../domain/crm.ts';

export interface PublishPlan {
  readonly file: string;
  readonly candidate: StoredCandidate;
  readonly liveVersion: string;
  readonly people: number;
  readonly forecast: Record<CrmName, CrmForecast>;
  readonly budget: number | undefined;
  readonly doc: Document;
  readonly config: LeadloopConfig;
}

export async function planPublish(ctx: SyncContext, file: string): Promise<PublishPlan> {
  const candidate = await readCandidate(ctx.store);
  if (candidate === null)
    throw new LeadloopError(
      'NO_CANDIDATE',
      'no candidate model is shadowed: register one with `leadloop model shadow FILE`, run, compare, then publish',
    );
  const version = candidate.stored.modelVersion;
  const live = ctx.config.scoring.modelVersion;
  if (version === live)
    throw new LeadloopError('ALREADY_LIVE', `candidate ${version} is already the live model in ${file}`);
  if ((await readModelHistory(ctx.store)).some((h) => h.modelVersion === version))
    throw new LeadloopError(
      'VERSION_USED',
      `model version ${version} was live before: shadow it under a new version`,
    );
  const { doc } = await readConfigDocument(file);
  const next = publishedConfig(doc, candidate.stored.scoring, file);
  const entries = await rescoreEntries(ctx.store, ctx.config, version);
  const budget = next.config.scoring.rescoreBudget;
  const batch = {
    hubspot: ctx.connectors.hubspot.batchSizes.write,
    salesforce: ctx.connectors.salesforce.batchSizes.write,
  };
  const limits = Object.fromEntries(CRMS.map((crm) => [crm, ctx.connectors[crm].usage().quota.dailyLimit]));
  return {
    file,
    candidate: candidate.stored,
    liveVersion: live,
    people: entries.length,
    forecast: forecastRescore(totalRecords(entries), batch, budget, limits),
    budget,
    doc: next.doc,
    config: next.config,
  };
}

export async function applyPublish(ctx: SyncContext, plan: PublishPlan, by: string): Promise<void> {
  await writeConfigDocument(plan.file, plan.doc);
  await recordModelVersion(ctx.store, {
    modelVersion: plan.candidate.modelVersion,
    at: ctx.clock().toISOString(),
    by,
    configHash: scoringHash(plan.config.scoring),
    shadowedSince: plan.candidate.startedAt,
    scoring: plan.config.scoring,
  });
  await dropCandidate(ctx.store);
}
