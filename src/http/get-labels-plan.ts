/** `GET /api/labels/plan`: the glossary against both CRMs' current labels (changes nothing). */
import type { RequestHandler } from 'express';
import { currentLabelPlan } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';

export function getLabelsPlan(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    res.json(await currentLabelPlan(deps.runtime));
  };
}
