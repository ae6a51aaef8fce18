/**
 * Session tokens for one Salesforce connection: the OAuth 2.0 JWT bearer flow (server-to-server, the
 * production default) or the refresh-token flow, behind one single-flight `mint()`. jsforce calls our
 * `refreshFn` when a request gets 401 `INVALID_SESSION_ID`; its SessionRefreshDelegate makes concurrent
 * 401s wait for that one refresh and replays them (`jsforce src/session-refresh-delegate.ts`).
 * JWT: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 * Refresh: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 */
import { createSign } from 'node:crypto';
import { OAuth2, type Connection } from '@jsforce/jsforce-node';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceConnection } from '../../src/config/connections.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { checkCrmUrl } from '../../src/lib/safe-url.ts';
import type { SharedSession } from '../../src/lib/shared-session.ts';
import { SfTokenResponse } from './schemas.ts';
import { toSyncError } from './errors.ts';

export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce wants the assertion to expire within minutes; three is the commonly documented value. */
const JWT_TTL_SECONDS = 180;
/** A clock that moved this far during one token request was corrected by the answer's `Date`. */
const CLOCK_JUMP_MS = 60_000;

export interface SalesforceSession {
  readonly accessToken: string;
  readonly instanceUrl: string;
  /** The identity URL (`https://login.salesforce.com/id/{orgId}/{userId}`) every OAuth token answer carries. */
  readonly identityUrl?: string;
}

/**
 * The JWT `aud`: the authorization server, which Salesforce spells as login/test.salesforce.com even when
 * the token request goes to a My Domain host ("audience is invalid" otherwise). Other hosts (Experience
 * Cloud sites, the local sandbox) are their own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
    return 'https://test.salesforce.com';
  if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com'))
    return 'https://login.salesforce.com';
  return url.origin + url.pathname.replace(/\/$/, '');
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** RS256-signed JWT bearer assertion: iss = consumer key, sub = username, aud = auth server, short exp. */
export function buildJwtAssertion(input: {
  clientId: string;
  username: string;
  privateKey: string;
  audience: string;
  now: Date;
}): string {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: input.audience,
      exp: Math.floor(input.now.getTime() / 1000) + JWT_TTL_SECONDS,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(input.privateKey, 'base64url')}`;
}

export interface TokenSourceOptions {
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly onRefreshToken?: (token: string) => Promise<void>;
  /** Lets the connection meter and log the token endpoint like every other call. */
  readonly instrument: (oauth2: OAuth2) => void;
  /** The session every worker shares: one token request for all of them, rotated refresh tokens never lost. */
  readonly shared?: SharedSession;
}

export class TokenSource {
  private readonly connection: SalesforceConnection;
  private readonly options: TokenSourceOptions;
  private readonly oauth2: OAuth2;
  private refreshToken: string | undefined;
  private inFlight: Promise<SalesforceSession> | undefined;
  private mintedCount = 0;

  constructor(connection: SalesforceConnection, options: TokenSourceOptions) {
    this.connection = connection;
    this.options = options;
    const auth = connection.auth;
    // The JWT grant must not carry client_id/secret, so that OAuth2 client knows only the login URL.
    this.oauth2 =
      auth.type === 'jwt'
        ? new OAuth2({ loginUrl: connection.loginUrl })
        : new OAuth2({
            loginUrl: connection.loginUrl,
            clientId: auth.clientId,
            clientSecret: auth.clientSecret,
          });
    this.refreshToken = auth.type === 'refresh-token' ? auth.refreshToken : undefined;
    options.instrument(this.oauth2);
  }

  /** Tokens minted so far (initial login included). */
  get minted(): number {
    return this.mintedCount;
  }

  /**
   * A fresh session; concurrent callers share one token request. `refused`: the access token Salesforce
   * just rejected, so a shared session still holding it is minted anew rather than reused.
   */
  mint(refused?: string): Promise<SalesforceSession> {
    this.inFlight ??= this.obtain(refused).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async obtain(refused: string | undefined): Promise<SalesforceSession> {
    const shared = this.options.shared;
    if (!shared) return this.request();
    const record = await shared.obtain(
      (s) => s.accessToken !== refused && s.instanceUrl !== undefined,
      async (stored) => {
        // Another worker may have rotated the refresh token since this one loaded it.
        if (this.refreshToken !== undefined) this.refreshToken = stored?.refreshToken ?? this.refreshToken;
        const session = await this.request();
        return { ...session, ...(this.refreshToken ? { refreshToken: this.refreshToken } : {}) };
      },
    );
    if (this.refreshToken !== undefined) this.refreshToken = record.refreshToken ?? this.refreshToken;
    const { instanceUrl } = record;
    if (instanceUrl === undefined)
      throw new SyncError(
        'auth',
        'SF_SESSION_WITHOUT_INSTANCE',
        'the shared Salesforce session names no instance',
      );
    // Another worker's session passes the same SSRF guard as one this worker minted.
    this.assertSafeInstance(instanceUrl);
    return {
      accessToken: record.accessToken,
      instanceUrl,
      ...(record.identityUrl ? { identityUrl: record.identityUrl } : {}),
    };
  }

  /** jsforce `refreshFn`: mint, point the connection at the (possibly moved) instance, hand back the token. */
  readonly refreshFn = (
    conn: Connection,
    callback: (err: Error | null | undefined, token?: string) => void,
  ): void => {
    this.mint(conn.accessToken ?? undefined).then(
      (session) => {
        conn.instanceUrl = session.instanceUrl;
        callback(undefined, session.accessToken);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };

  /**
   * Every later call goes to the `instance_url` the token endpoint names, so it passes the same SSRF
   * guard as the configured login URL before anything is sent there (a compromised or spoofed login host
   * must not steer leadloop at 169.254.169.254 or an internal service).
   */
  private assertSafeInstance(instanceUrl: string): void {
    const check = checkCrmUrl(instanceUrl, {
      crm: 'salesforce',
      allowedHosts: this.connection.allowedHosts,
      allowLocalhost: this.connection.allowLocalhost,
    });
    if (check.ok) return;
    const error = new SyncError(
      'auth',
      'SF_INSTANCE_URL_REJECTED',
      `the Salesforce token answer points at ${instanceUrl}, which ${check.reason}`,
      { instanceUrl, loginUrl: this.connection.loginUrl, reason: check.reason },
    );
    this.options.logger.error(
      { code: error.code, instanceUrl, loginUrl: this.connection.loginUrl, err: error },
      'salesforce instance_url rejected by the SSRF guard',
    );
    throw error;
  }

  /**
   * `exp` is set in Salesforce's time (the clock option maps into it), but before any answer that time is
   * the host's: a host clock minutes behind makes the first assertion expired on arrival. The refusal's
   * `Date` header teaches the offset, so a refusal after which the clock jumped by over a minute is tried
   * once more; any other refusal stands.
   */
  private async jwtToken(auth: Extract<SalesforceConnection['auth'], { type: 'jwt' }>): Promise<unknown> {
    const send = (now: Date): Promise<unknown> =>
      this.oauth2.requestToken({
        grant_type: JWT_GRANT,
        assertion: buildJwtAssertion({
          clientId: auth.clientId,
          username: auth.username,
          privateKey: auth.privateKey,
          audience: jwtAudience(this.connection.loginUrl),
          now,
        }),
      });
    const first = this.options.clock();
    try {
      return await send(first);
    } catch (err) {
      const now = this.options.clock();
      const refused = err instanceof Error && err.name === 'invalid_grant';
      if (!refused || Math.abs(now.getTime() - first.getTime()) < CLOCK_JUMP_MS) throw err;
      this.options.logger.warn(
        { skewMs: now.getTime() - first.getTime() },
        'salesforce refused the JWT assertion from a skewed host clock: retrying once in its time',
      );
      return send(now);
    }
  }

  private async request(): Promise<SalesforceSession> {
    const auth = this.connection.auth;
    let raw: unknown;
    try {
      if (auth.type === 'jwt') {
        raw = await this.jwtToken(auth);
      } else {
        if (!this.refreshToken)
          throw new SyncError('auth', 'SF_NO_REFRESH_TOKEN', 'no Salesforce refresh token');
        raw = await this.oauth2.refreshToken(this.refreshToken);
      }
    } catch (err) {
      const error = toSyncError(err, { grant: auth.type, loginUrl: this.connection.loginUrl });
      this.options.logger.warn(
        { code: error.code, grant: auth.type, err: error },
        'salesforce token request failed',
      );
      throw error;
    }
    const token = SfTokenResponse.parse(raw);
    this.assertSafeInstance(token.instance_url);
    this.mintedCount += 1;
    if (token.refresh_token && token.refresh_token !== this.refreshToken) {
      // Rotation on: the old token is already invalid. Hand the new one to the caller's atomic store
      // before anything uses it, so a crash never leaves only a dead token persisted.
      this.refreshToken = token.refresh_token;
      if (this.options.onRefreshToken) {
        try {
          await this.options.onRefreshToken(token.refresh_token);
        } catch (err) {
          throw new SyncError(
            'auth',
            'SF_REFRESH_TOKEN_NOT_STORED',
            'could not store the rotated Salesforce refresh token',
            {},
            { cause: err },
          );
        }
      }
    }
    this.options.logger.info(
      { grant: auth.type, instanceUrl: token.instance_url },
      'salesforce session established',
    );
    return {
      accessToken: token.access_token,
      instanceUrl: token.instance_url,
      ...(token.id ? { identityUrl: token.id } : {}),
    };
  }
}
