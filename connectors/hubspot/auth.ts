/**
 * Bearer tokens: a private-app token as is, or OAuth access + refresh. OAuth tokens are refreshed
 * proactively at `expires_in − margin` (HubSpot: "401s are not a valid indicator that a new access token
 * must be retrieved"; tokens live 30 min), single-flight so ten concurrent calls near expiry cause one
 * refresh, and rotated refresh tokens are handed to `onTokens` to be stored. With a `shared` session the
 * single flight spans every worker: one refreshes, the others read its tokens.
 * https://developers.hubspot.com/docs/api-reference/auth/oauth/manage-oauth-tokens
 */
import type { HubSpotConnection } from '../../src/config/connections.ts';
import { ConfigError, SyncError } from '../../src/lib/errors.ts';
import type { SessionRecord, SharedSession } from '../../src/lib/shared-session.ts';
import type { HsTokenResponse } from './schemas.ts';

export interface HubSpotTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: string;
}

export interface TokenSource {
  /** A token valid for at least the refresh margin. */
  get(): Promise<string>;
  /** The server refused `used`: forget it so the next `get()` refreshes (OAuth only). */
  invalidate(used: string): void;
  readonly refreshable: boolean;
}

export interface TokenSourceDeps {
  refresh: (refreshToken: string) => Promise<HsTokenResponse>;
  now: () => number;
  onTokens?: (tokens: HubSpotTokens) => Promise<void>;
  /** Refresh this long before expiry (covers clock skew); default 5 min. */
  marginMs?: number;
  /** The session every worker shares: one refresh for all of them, rotated refresh tokens never lost. */
  shared?: SharedSession;
}

const DEFAULT_MARGIN_MS = 5 * 60_000;

export function createTokenSource(connection: HubSpotConnection, deps: TokenSourceDeps): TokenSource {
  const oauth = connection.oauth;
  if (!oauth) {
    const token = connection.accessToken;
    if (!token) throw new ConfigError(['connections.hubspot: set accessToken (private app) or oauth']);
    return { get: () => Promise.resolve(token), invalidate: () => undefined, refreshable: false };
  }
  const margin = deps.marginMs ?? DEFAULT_MARGIN_MS;
  let refreshToken = oauth.refreshToken;
  // A configured access token has no known expiry: use it until the server refuses it.
  let current: { token: string; expiresAt: number } | undefined = connection.accessToken
    ? { token: connection.accessToken, expiresAt: Number.POSITIVE_INFINITY }
    : undefined;
  let inflight: Promise<string> | undefined;
  // The token the server refused last: another worker's stored session holding it is no use either.
  let refused: string | undefined;

  const mint = async (): Promise<SessionRecord> => {
    let answer: HsTokenResponse;
    try {
      answer = await deps.refresh(refreshToken);
    } catch (err) {
      if (
        err instanceof SyncError &&
        (err.kind === 'config' || err.kind === 'auth' || err.kind === 'record')
      ) {
        throw new SyncError(
          'auth',
          'HUBSPOT_REFRESH_REJECTED',
          'HubSpot refused the OAuth refresh token',
          {},
          { cause: err },
        );
      }
      throw err;
    }
    const expiresAt = deps.now() + answer.expires_in * 1000;
    refreshToken = answer.refresh_token ?? refreshToken;
    await deps.onTokens?.({
      accessToken: answer.access_token,
      refreshToken,
      expiresAt: new Date(expiresAt).toISOString(),
    });
    return { accessToken: answer.access_token, refreshToken, expiresAt };
  };

  const usable = (s: SessionRecord): boolean =>
    s.accessToken !== refused && s.expiresAt !== undefined && deps.now() < s.expiresAt - margin;

  const refresh = async (): Promise<string> => {
    const session = deps.shared
      ? await deps.shared.obtain(usable, (stored) => {
          // Another worker may have rotated the refresh token since this one loaded it.
          refreshToken = stored?.refreshToken ?? refreshToken;
          return mint();
        })
      : await mint();
    refreshToken = session.refreshToken ?? refreshToken;
    current = { token: session.accessToken, expiresAt: session.expiresAt ?? Number.POSITIVE_INFINITY };
    return session.accessToken;
  };

  return {
    refreshable: true,
    get(): Promise<string> {
      if (current && deps.now() < current.expiresAt - margin) return Promise.resolve(current.token);
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(used: string): void {
      refused = used;
      if (current?.token === used) current = undefined;
    },
  };
}
