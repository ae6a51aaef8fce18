/** `POST /admin/login` (form): the admin token in the body, a session cookie back, then the page (303). */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { clientAddress, SESSION_COOKIE } from './admin-auth.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';

const LoginForm = z.strictObject({ token: z.string().max(4096) });

export function postAdminLogin(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const form = LoginForm.safeParse(req.body ?? {});
    const address = clientAddress(req);
    const result = await deps.auth.login(form.success ? form.data.token : '', address);
    if (!result.ok) {
      deps.logger.warn({ ip: address, lockedOut: result.retryAfterMs > 0 }, 'admin login failed');
      if (result.retryAfterMs > 0) {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        res.status(429).set('Retry-After', String(seconds)).type('html');
        res.send(renderLoginPage(`Too many wrong tokens from this address. Try again in ${seconds} s.`));
        return;
      }
      res.status(401).type('html').send(renderLoginPage('That token is not right.'));
      return;
    }
    res.cookie(SESSION_COOKIE, result.session, deps.auth.cookieOptions);
    res.redirect(303, '/admin');
  };
}
