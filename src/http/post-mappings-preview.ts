/**
 * `POST /api/mappings/preview`: what a set of mappings would change, before it is saved. A dry run of the
 * sync engine (nothing written, state in an overlay) with the candidate mappings; the answer holds up to
 * `limit` people with their planned writes and creates.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { PersonPlan } from '../sync/plan-person.ts';
import type { AppDeps } from './app-deps.ts';
import { candidateConfig } from './config-file.ts';
import { currentLabelPlan } from '../terminology/drift.ts';
import { itemsOfKinds } from '../terminology/plan-labels.ts';
import { HttpError, parseBody } from './http-error.ts';

export const PreviewBody = z.strictObject({
  fieldMappings: z.array(z.unknown()).max(500).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

/** People to plan per wanted sample: most people need no write, so look further than `limit`. */
const SCAN_FACTOR = 20;

export function postMappingsPreview(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const body = parseBody(PreviewBody, req.body);
    let config = deps.runtime.config;
    if (body.fieldMappings !== undefined) {
      const candidate = candidateConfig(deps.runtime.config, body.fieldMappings);
      if (!candidate.ok) {
        res
          .status(400)
          .json({ error: 'CONFIG_INVALID', message: 'the mappings are invalid', errors: candidate.errors });
        return;
      }
      config = candidate.config;
    }
    // A dry run reads leadloop's own fields: on CRMs where they do not exist yet it cannot run.
    const missing = itemsOfKinds(await currentLabelPlan({ ...deps.runtime, config }), ['create-field']);
    if (missing.length > 0) {
      throw new HttpError(
        409,
        'NOT_PROVISIONED',
        `leadloop's own fields are not in the CRMs yet (${missing.length} missing): apply the terminology plan or run a sync first`,
        missing.map((m) => ({ path: `${m.crm}.${m.object}.${m.field}`, message: 'missing' })),
      );
    }
    const sample: PersonPlan[] = [];
    let planned = 0;
    const report = await deps.runSync(
      { ...deps.runtime, config },
      {
        kind: 'incremental',
        dryRun: true,
        limitPeople: body.limit * SCAN_FACTOR,
        onPlan: (plan) => {
          planned++;
          if (sample.length < body.limit && (plan.writes.length > 0 || plan.creates.length > 0))
            sample.push(plan);
        },
      },
    );
    res.json({
      planned,
      sample: sample.map((p) => ({
        personId: p.personId,
        writes: p.writes,
        creates: p.creates.map((c) => ({
          crm: c.crm,
          object: c.object,
          externalId: c.externalId,
          reason: c.reason,
        })),
        mappingErrors: p.mapped.errors,
      })),
      counters: report.counters,
    });
  };
}
