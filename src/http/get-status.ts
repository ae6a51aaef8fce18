/**
 * `GET /api/status`: last runs, people waiting to sync, permanent write failures, label drift, and the
 * duplicate groups an admin should merge in the CRM (`duplicates.count`, up to 100 `groups` with their ids),
 * and `alerts`: a CRM's daily API limit reached, with the time calls resume (gone once it has passed).
 */
import type { RequestHandler } from 'express';
import { readDailyLimitAlerts } from '../health/daily-limit.ts';
import { collectDuplicateGroups } from '../report/duplicate-groups.ts';
import { readDriftStatus } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';

export function getStatus(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const { store, config } = deps.runtime;
    const [runs, dirty, failures, labelDrift, groups, alerts] = await Promise.all([
      store.listRuns(20),
      store.countDirty(),
      store.listFailures({ limit: 100, permanent: true }),
      readDriftStatus(store),
      collectDuplicateGroups(store, config.fieldMappings),
      readDailyLimitAlerts(store, new Date()),
    ]);
    res.json({
      runs,
      dirty,
      failures,
      labelDrift,
      duplicates: { count: groups.length, groups: groups.slice(0, 100) },
      alerts,
    });
  };
}
