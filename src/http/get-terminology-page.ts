/** `GET /admin/terminology`: the glossary, the last drift check and the label plan; logged out, the login form (401). */
import type { RequestHandler } from 'express';
import { describeCrms } from '../terminology/describe-crms.ts';
import { readDriftStatus } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { renderTerminologyPage } from './render-terminology-page.ts';

export function getTerminologyPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const { config, connectors, store } = deps.runtime;
    const [described, drift] = await Promise.all([describeCrms(connectors), readDriftStatus(store)]);
    res.type('html').send(
      renderTerminologyPage({
        terminology: config.terminology,
        prefix: config.fields.prefix,
        described,
        drift,
      }),
    );
  };
}
