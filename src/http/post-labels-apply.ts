/**
 * `POST /api/labels/apply`: plans against the CRMs as they are now and applies that plan (never a plan
 * sent by the client, which could be stale), with a result per item.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { applyLabelPlan, failedResults } from '../terminology/apply-labels.ts';
import { currentLabelPlan } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';
import { parseBody } from './http-error.ts';

/** Nothing to choose yet: the whole current plan is applied. */
export const LabelsApplyBody = z.strictObject({});

export function postLabelsApply(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    parseBody(LabelsApplyBody, req.body);
    const results = await applyLabelPlan(deps.runtime.connectors, await currentLabelPlan(deps.runtime));
    const failed = failedResults(results).length;
    deps.logger.info({ failed }, 'labels applied from the admin API');
    res.status(failed > 0 ? 207 : 200).json({ results, failed });
  };
}
