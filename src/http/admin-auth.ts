/**
 * Admin authentication: `Authorization: Bearer <http.adminToken>` for scripts, or a session cookie set
 * by the admin page's login form for browsers. Never a token in a query string (it would land in access
 * logs and browser history). The cookie is HttpOnly and SameSite=Strict, so another site cannot ride it;
 * admin API writes also take JSON bodies only, which a cross-site form cannot send. Wrong tokens (bearer
 * or login form) are counted per client address and overall; past the limit the answer is 429 until the
 * window ends. A valid session cookie passes even then: a 256-bit random id cannot be guessed, and it
 * keeps a logged-in admin working while someone on the same address hammers the login.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createAuthFailureLimiter, type AuthFailureLimiter } from './auth-failure-limiter.ts';
import { safeEqual } from './safe-equal.ts';

export const SESSION_COOKIE = 'leadloop_session';
const SESSION_TTL_MS = 8 * 60 * 60_000;
const MAX_SESSIONS = 1_000;

export type LoginResult =
  { readonly ok: true; readonly session: string } | { readonly ok: false; readonly retryAfterMs: number };

export interface AdminAuth {
  /** Express middleware: next() when authenticated, 401 JSON otherwise, 429 while locked out. */
  readonly require: RequestHandler;
  /** Whether the request carries a live session cookie or the right bearer token (counts no failure). */
  isAuthenticated(req: Request): boolean;
  /** A new session when the token is right; otherwise how long the address must wait (0: may retry). */
  login(token: string, address: string): Promise<LoginResult>;
  logout(req: Request): void;
  readonly cookieOptions: { httpOnly: true; sameSite: 'strict'; path: '/'; maxAge: number; secure: boolean };
}

/** One cookie's value from the Cookie header (no cookie-parser dependency for one cookie). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        // A malformed escape (`%E0%A4%A`) is no cookie at all, not a server error.
        return undefined;
      }
    }
  }
  return undefined;
}

/** The client address the limiter counts by (`req.ip` honours `http.trustProxy`). */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** 429 with `Retry-After` in whole seconds. */
export function sendLockedOut(res: Response, retryAfterMs: number): void {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.status(429).set('Retry-After', String(seconds));
  res.json({ error: 'TOO_MANY_FAILURES', message: `too many wrong admin tokens; retry in ${seconds} s` });
}

type Credential = { kind: 'bearer'; ok: boolean } | { kind: 'session'; ok: boolean } | { kind: 'none' };

export function createAdminAuth(options: {
  token: string | undefined;
  clock: () => Date;
  secureCookie?: boolean;
  limiter?: AuthFailureLimiter;
}): AdminAuth {
  const sessions = new Map<string, number>();
  const limiter = options.limiter ?? createAuthFailureLimiter();
  const now = (): number => options.clock().getTime();
  const configured = options.token !== undefined && options.token !== '';

  const tokenOk = (candidate: string): boolean =>
    configured && candidate.length > 0 && safeEqual(candidate, options.token ?? '');

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

  const credential = (req: Request): Credential => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      return { kind: 'bearer', ok: match?.[1] !== undefined && tokenOk(match[1].trim()) };
    }
    const session = readCookie(req, SESSION_COOKIE);
    return session === undefined ? { kind: 'none' } : { kind: 'session', ok: sessionOk(session) };
  };

  const unauthorized = (res: Response): void => {
    res.status(401).set('WWW-Authenticate', 'Bearer realm="leadloop"');
    res.json({
      error: 'unauthorized',
      message: configured ? 'admin token required' : 'http.adminToken is not configured',
    });
  };

  return {
    isAuthenticated: (req) => {
      const c = credential(req);
      return c.kind !== 'none' && c.ok;
    },
    require: async (req: Request, res: Response, next: NextFunction) => {
      const c = credential(req);
      if (c.kind === 'session' && c.ok) return next();
      const address = clientAddress(req);
      if (c.kind === 'bearer') {
        const locked = await limiter.lockedFor(address);
        if (locked > 0) return sendLockedOut(res, locked);
        if (c.ok) return next();
        const wait = await limiter.recordFailure(address);
        if (wait > 0) return sendLockedOut(res, wait);
      }
      unauthorized(res);
    },
    async login(token, address) {
      const locked = await limiter.lockedFor(address);
      if (locked > 0) return { ok: false, retryAfterMs: locked };
      if (!tokenOk(token)) return { ok: false, retryAfterMs: await limiter.recordFailure(address) };
      if (sessions.size >= MAX_SESSIONS) {
        for (const [id, expires] of sessions)
          if (expires <= now() || sessions.size >= MAX_SESSIONS) sessions.delete(id);
      }
      const session = randomBytes(32).toString('base64url');
      sessions.set(session, now() + SESSION_TTL_MS);
      return { ok: true, session };
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
