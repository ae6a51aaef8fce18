/** `POST /admin/logout`: ends the session and clears the cookie. */
import type { RequestHandler } from 'express';
import { SESSION_COOKIE } from './admin-auth.ts';
import type { AppDeps } from './app-deps.ts';

export function postAdminLogout(deps: AppDeps): RequestHandler {
  return (req, res) => {
    deps.auth.logout(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin');
  };
}
