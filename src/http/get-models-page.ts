/**
 * `GET /admin/models`: the live model's history and the shadowed candidate's comparison, from the state
 * store (no CRM calls), the same figures as `leadloop model compare --json`. Logged out: the login form.
 */
import type { RequestHandler } from 'express';
import { loadModelOverview } from '../models/load-comparison.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { renderModelsPage } from './render-models-page.ts';

export function getModelsPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const { store, config } = deps.runtime;
    res.type('html').send(renderModelsPage(await loadModelOverview(store, config)));
  };
}
