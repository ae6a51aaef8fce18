/** `GET /admin`: the overview, from the state store and this server's connectors; no CRM calls. */
import type { RequestHandler } from 'express';
import { CRMS } from '../sync/context.ts';
import { formatBehaviourWarning, warningsOfLastPull } from '../health/behaviour-warnings.ts';
import { formatOrgRewrite, orgRewritesOfRecentRuns } from '../health/org-rewrites.ts';
import { formatHiddenField, hiddenFieldsOfLastRun } from '../health/hidden-fields.ts';
import { usageByDay } from '../health/api-usage-days.ts';
import { loadEngagementRuleSets } from '../models/engagement-rule-sets.ts';
import { readDriftStatus } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { renderOverviewPage } from './render-overview-page.ts';

const RECENT_RUNS = 30;
/** Runs read for the usage chart: two weeks of a run every ten minutes. */
const USAGE_RUNS = 2_016;
const USAGE_DAYS = 14;
const FAILURE_CAP = 10_000;

export function getOverviewPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const { store, connectors } = deps.runtime;
    const [allRuns, dirty, failures, drift, ruleSets] = await Promise.all([
      store.listRuns(USAGE_RUNS),
      store.countDirty(),
      store.listFailures({ limit: FAILURE_CAP }),
      readDriftStatus(store),
      loadEngagementRuleSets(store, deps.runtime.config),
    ]);
    const runs = allRuns.slice(0, RECENT_RUNS);
    const now = deps.runtime.clock();
    const permanent = failures.filter((f) => f.permanent).length;
    const quota = CRMS.map((crm) => {
      const q = connectors[crm].usage().quota;
      return {
        crm: crm === 'hubspot' ? 'HubSpot' : 'Salesforce',
        ...(q.dailyUsed === undefined ? {} : { used: q.dailyUsed }),
        ...(q.dailyLimit === undefined ? {} : { limit: q.dailyLimit }),
      };
    });
    res.type('html').send(
      renderOverviewPage({
        runs,
        dirty,
        failures: { permanent, retryable: failures.length - permanent },
        drift,
        quota,
        usage: CRMS.map((crm) => ({
          crm: crm === 'hubspot' ? 'HubSpot' : 'Salesforce',
          id: crm,
          days: usageByDay(allRuns, crm, now, USAGE_DAYS),
        })),
        warnings: [
          ...hiddenFieldsOfLastRun(runs).map(formatHiddenField),
          ...warningsOfLastPull(runs, ruleSets).map(formatBehaviourWarning),
          ...orgRewritesOfRecentRuns(runs).map(formatOrgRewrite),
        ],
      }),
    );
  };
}
