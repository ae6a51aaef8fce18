/** `GET /admin/mappings`: the mappings page when logged in (cookie or bearer), else the login form (401). */
import type { RequestHandler } from 'express';
import { describeCrms } from '../terminology/describe-crms.ts';
import type { AppDeps } from './app-deps.ts';
import { renderAdminPage, renderLoginPage } from './render-admin-page.ts';

export function getAdminPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const described = await describeCrms(deps.runtime.connectors);
    res.type('html').send(renderAdminPage(described));
  };
}
