/**
 * `GET /admin/report?period=30d|90d|365d|all&view=…` (the closed-loop page) and `GET /admin/report.csv?period=…`:
 * from the state store, no CRM calls, the same report `leadloop report --json --period` prints. Logged
 * out: the login form (401), as on every console page. An unknown period is a 400 that names it.
 */
import type { Request, RequestHandler } from 'express';
import type { LoopReport } from '../report/closed-loop.ts';
import { loadAccountView } from '../report/account-view.ts';
import { loadLoopReport } from '../report/load-report.ts';
import { parseReportPeriod } from '../report/report-period.ts';
import type { AppDeps } from './app-deps.ts';
import { HttpError } from './http-error.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { HEAT_VIEWS, renderReportPage, reportCsv, type HeatView } from './render-report-page.ts';

const viewOf = (raw: unknown): HeatView => HEAT_VIEWS.find((v) => v === raw) ?? 'people';

function loadReport(deps: AppDeps, req: Request): Promise<LoopReport> {
  const raw = req.query['period'] ?? 'all';
  let period;
  try {
    period = parseReportPeriod(raw, 'query parameter period');
  } catch (err) {
    throw new HttpError(400, 'INVALID_PERIOD', err instanceof Error ? err.message : String(err));
  }
  const { store, clock, config } = deps.runtime;
  return loadLoopReport(store, { now: clock(), period, stages: config.stages });
}

export function getReportPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const report = await loadReport(deps, req);
    const accounts = await loadAccountView(deps.runtime.store);
    res.type('html').send(renderReportPage(report, viewOf(req.query['view']), accounts));
  };
}

export function getReportCsv(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).json({ error: 'UNAUTHORIZED' });
      return;
    }
    const report = await loadReport(deps, req);
    const accounts = await loadAccountView(deps.runtime.store);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="leadloop-closed-loop-${report.period.period}.csv"`)
      .send(reportCsv(report, accounts));
  };
}
