/** `POST /admin/login` (form): the admin token in the body, a session cookie back, then the page (303). */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE } from './admin-auth.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';

const LoginForm = z.strictObject({ token: z.string().max(4096) });

export function postAdminLogin(deps: AppDeps): RequestHandler {
  return (req, res) => {
    const form = LoginForm.safeParse(req.body ?? {});
    const session = form.success ? deps.auth.login(form.data.token) : null;
    if (session === null) {
      deps.logger.warn({ ip: req.ip }, 'admin login failed');
      res.status(401).type('html').send(renderLoginPage('That token is not right.'));
      return;
    }
    res.cookie(SESSION_COOKIE, session, deps.auth.cookieOptions);
    res.redirect(303, '/admin');
  };
}
