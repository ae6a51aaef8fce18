/**
 * `GET /admin/report` (the closed-loop page) and `GET /admin/report.csv`: from the state store, no CRM
 * calls. Logged out: the login form (401), as on every console page.
 */
import type { RequestHandler } from 'express';
import { closedLoopReport } from '../report/closed-loop.ts';
import { collectLoopPeople } from '../report/collect.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { HEAT_VIEWS, renderReportPage, reportCsv, type HeatView } from './render-report-page.ts';

const viewOf = (raw: unknown): HeatView => HEAT_VIEWS.find((v) => v === raw) ?? 'people';

export function getReportPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const report = closedLoopReport(await collectLoopPeople(deps.runtime.store));
    res.type('html').send(renderReportPage(report, viewOf(req.query['view'])));
  };
}

export function getReportCsv(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).json({ error: 'UNAUTHORIZED' });
      return;
    }
    const report = closedLoopReport(await collectLoopPeople(deps.runtime.store));
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="leadloop-closed-loop.csv"')
      .send(reportCsv(report));
  };
}
