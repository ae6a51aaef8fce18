/**
 * `GET /admin/health` (sync health), `GET /admin/health.csv` and `POST /admin/health/retry` (a form on the
 * page: one record, or a whole error group). From the state store, no CRM calls. The retry form is an
 * ordinary POST with the session cookie, which is SameSite=Strict: another site cannot send it.
 */
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { readDailyLimitAlerts } from '../health/daily-limit.ts';
import { failureGroupKey, groupFailures } from '../health/failure-groups.ts';
import { retryFailures } from '../health/retry-failures.ts';
import { collectDuplicateGroups } from '../report/duplicate-groups.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { failuresCsv, renderHealthPage } from './render-health-page.ts';

const FAILURE_CAP = 10_000;
const RECENT_RUNS = 20;

const RetryForm = z.strictObject({
  group: z.string().min(1).max(300),
  record: z.string().min(1).max(300).optional(),
});

export function getHealthPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const { store, config } = deps.runtime;
    const [failures, runs, dirty, duplicates, alerts] = await Promise.all([
      store.listFailures({ limit: FAILURE_CAP }),
      store.listRuns(RECENT_RUNS),
      store.countDirty(),
      collectDuplicateGroups(store, config.fieldMappings),
      readDailyLimitAlerts(store, new Date()),
    ]);
    const q = typeof req.query['q'] === 'string' ? req.query['q'].slice(0, 200) : '';
    const retried = typeof req.query['retried'] === 'string' ? Number(req.query['retried']) : undefined;
    res.type('html').send(
      renderHealthPage({
        groups: groupFailures(failures),
        duplicates,
        runs,
        dirty,
        query: q,
        alerts: alerts.map((a) => a.message),
        ...(retried !== undefined && Number.isFinite(retried)
          ? { notice: `${retried} record${retried === 1 ? '' : 's'} queued for the next run.` }
          : {}),
      }),
    );
  };
}

export function getHealthCsv(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).json({ error: 'UNAUTHORIZED' });
      return;
    }
    const failures = await deps.runtime.store.listFailures({ limit: FAILURE_CAP });
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="leadloop-failures.csv"')
      .send(failuresCsv(groupFailures(failures)));
  };
}

export function postHealthRetry(deps: AppDeps): RequestHandler[] {
  return [
    express.urlencoded({ extended: false, limit: '8kb' }),
    async (req, res) => {
      if (!deps.auth.isAuthenticated(req)) {
        res.status(401).type('html').send(renderLoginPage());
        return;
      }
      const form = RetryForm.safeParse(req.body);
      if (!form.success) {
        res.status(400).json({ error: 'INVALID_BODY', message: 'expected group (and optionally record)' });
        return;
      }
      const { group, record } = form.data;
      const store = deps.runtime.store;
      const chosen = (await store.listFailures({ limit: FAILURE_CAP })).filter(
        (f) => failureGroupKey(f) === group && (record === undefined || f.recordId === record),
      );
      const result = await retryFailures(store, chosen);
      deps.logger.info({ group, record, ...result }, 'failed writes queued again from the health page');
      res.redirect(303, `/admin/health?retried=${result.retried}`);
    },
  ];
}
