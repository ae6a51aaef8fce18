/** `GET /api/status`: last runs, people waiting to sync, permanent write failures, label drift. */
import type { RequestHandler } from 'express';
import { readDriftStatus } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';

export function getStatus(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const { store } = deps.runtime;
    const [runs, dirty, failures, labelDrift] = await Promise.all([
      store.listRuns(20),
      store.countDirty(),
      store.listFailures({ limit: 100, permanent: true }),
      readDriftStatus(store),
    ]);
    res.json({ runs, dirty, failures, labelDrift });
  };
}
