/**
 * Admin authentication: `Authorization: Bearer <http.adminToken>` for scripts, or a session cookie set
 * by the admin page's login form for browsers. Never a token in a query string (it would land in access
 * logs and browser history). The cookie is HttpOnly and SameSite=Strict, so another site cannot ride it;
 * admin API writes also take JSON bodies only, which a cross-site form cannot send.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { safeEqual } from './safe-equal.ts';

export const SESSION_COOKIE = 'leadloop_session';
const SESSION_TTL_MS = 8 * 60 * 60_000;
const MAX_SESSIONS = 1_000;

export interface AdminAuth {
  /** Express middleware: next() when authenticated, 401 JSON otherwise. */
  readonly require: RequestHandler;
  isAuthenticated(req: Request): boolean;
  /** A new session id when the token is right, else null. */
  login(token: string): string | null;
  logout(req: Request): void;
  readonly cookieOptions: { httpOnly: true; sameSite: 'strict'; path: '/'; maxAge: number; secure: boolean };
}

/** One cookie's value from the Cookie header (no cookie-parser dependency for one cookie). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function createAdminAuth(options: {
  token: string | undefined;
  clock: () => Date;
  secureCookie?: boolean;
}): AdminAuth {
  const sessions = new Map<string, number>();
  const now = (): number => options.clock().getTime();

  const tokenOk = (candidate: string): boolean =>
    options.token !== undefined && candidate.length > 0 && safeEqual(candidate, options.token);

  const sessionOk = (id: string | undefined): boolean => {
    if (id === undefined) return false;
    // Map lookup by a random 256-bit id: knowing timing of a miss reveals nothing useful.
    const expires = sessions.get(id);
    if (expires === undefined) return false;
    if (expires <= now()) {
      sessions.delete(id);
      return false;
    }
    return true;
  };

  const isAuthenticated = (req: Request): boolean => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      return match?.[1] !== undefined && tokenOk(match[1].trim());
    }
    return sessionOk(readCookie(req, SESSION_COOKIE));
  };

  return {
    isAuthenticated,
    require: (req: Request, res: Response, next: NextFunction) => {
      if (isAuthenticated(req)) return next();
      res.status(401).set('WWW-Authenticate', 'Bearer realm="leadloop"');
      res.json({
        error: 'unauthorized',
        message: options.token === undefined ? 'http.adminToken is not configured' : 'admin token required',
      });
    },
    login(token) {
      if (!tokenOk(token)) return null;
      if (sessions.size >= MAX_SESSIONS) {
        for (const [id, expires] of sessions)
          if (expires <= now() || sessions.size >= MAX_SESSIONS) sessions.delete(id);
      }
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, now() + SESSION_TTL_MS);
      return id;
    },
    logout(req) {
      const id = readCookie(req, SESSION_COOKIE);
      if (id !== undefined) sessions.delete(id);
    },
    cookieOptions: {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: SESSION_TTL_MS,
      secure: options.secureCookie === true,
    },
  };
}
