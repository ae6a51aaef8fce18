/**
 * Label drift: a label someone renamed by hand in a CRM so it no longer matches the glossary. A scheduled
 * run calls `checkTerminology`: it logs the drift, records it as a status entry in the state store (read
 * by `/api/status` and the `leadloop_label_drift` metric, whichever process serves them) and, with
 * `terminology.enforce: true`, re-applies the glossary.
 */
import { z } from 'zod';
import type { LeadloopConfig } from '../config/schema.ts';
import { CrmName } from '../domain/crm.ts';
import type { Logger } from '../lib/logger.ts';
import { defineMeta } from '../state/meta.ts';
import type { StateStore } from '../state/types.ts';
import { applyLabelPlan, type ApplyResults } from './apply-labels.ts';
import { describeCrms, type Connectors } from './describe-crms.ts';
import { itemTarget } from './format-plan.ts';
import {
  DRIFT_KINDS,
  itemsOfKinds,
  planLabels,
  type DescribedObject,
  type LabelPlan,
  type PlanItem,
} from './plan-labels.ts';

export const DriftStatus = z.strictObject({
  at: z.string(),
  count: z.number().int().min(0),
  items: z.array(
    z.strictObject({ crm: CrmName, target: z.string(), from: z.string().nullable(), to: z.string() }),
  ),
  enforced: z.boolean(),
});
export type DriftStatus = z.infer<typeof DriftStatus>;

/** The last drift check, for `status` and the admin page. */
const lastDriftCheck = defineMeta('terminology-drift', DriftStatus);

export interface TerminologyCheck {
  readonly plan: LabelPlan;
  readonly drift: PlanItem[];
  /** Set when `enforce` re-applied the drifted labels. */
  readonly applied?: ApplyResults;
}

export interface TerminologyContext {
  readonly config: LeadloopConfig;
  readonly connectors: Connectors;
  readonly store: StateStore;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** The label plan against what both CRMs hold now. */
export async function currentLabelPlan(
  ctx: Pick<TerminologyContext, 'config' | 'connectors'>,
  described?: Record<CrmName, DescribedObject[]>,
): Promise<LabelPlan> {
  return planLabels({
    terminology: ctx.config.terminology,
    prefix: ctx.config.fields.prefix,
    explanationLength: ctx.config.fields.explanationLength,
    models: Object.keys(ctx.config.scoring.models ?? {}),
    described: described ?? (await describeCrms(ctx.connectors)),
  });
}

export async function checkTerminology(
  ctx: TerminologyContext,
  /** `described`: a run's fresh describe results, so the check costs no extra API calls. */
  options: { enforce: boolean; described?: Record<CrmName, DescribedObject[]> },
): Promise<TerminologyCheck> {
  const plan = await currentLabelPlan(ctx, options.described);
  const drift = itemsOfKinds(plan, DRIFT_KINDS);
  const log = ctx.logger.child({ component: 'terminology' });
  let applied: ApplyResults | undefined;
  if (drift.length > 0) {
    log.warn(
      { drift: drift.length, items: drift.map((d) => `${d.crm}:${itemTarget(d)}`) },
      'label drift from the glossary',
    );
    if (options.enforce) {
      const driftSet = new Set(drift);
      applied = await applyLabelPlan(ctx.connectors, {
        hubspot: plan.hubspot.filter((i) => driftSet.has(i)),
        salesforce: plan.salesforce.filter((i) => driftSet.has(i)),
      });
      const failed = [...applied.hubspot, ...applied.salesforce].filter((r) => r.status === 'failed');
      log.info(
        { applied: drift.length - failed.length, failed: failed.length },
        'glossary re-applied (terminology.enforce)',
      );
    }
  }
  const status: DriftStatus = {
    at: ctx.clock().toISOString(),
    count: drift.length,
    items: drift.map((d) => ({ crm: d.crm, target: itemTarget(d), from: d.from, to: d.to })),
    enforced: applied !== undefined,
  };
  await lastDriftCheck.write(ctx.store, status);
  return { plan, drift, ...(applied ? { applied } : {}) };
}

/** The last recorded drift check, or null when none ran (or the entry is unreadable). */
export async function readDriftStatus(store: StateStore): Promise<DriftStatus | null> {
  return lastDriftCheck.read(store);
}
