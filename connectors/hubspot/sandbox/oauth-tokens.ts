/**
 * Who may call: the private-app token (never expires, gets daily rate-limit headers) and OAuth access
 * tokens minted by the refresh-token grant, which expire after `accessTokenTtlSeconds` on the sandbox
 * clock. HubSpot refresh tokens do not rotate unless `rotateRefreshTokens` is on (then each refresh answers a
 * new one and the old one stops working). Token endpoint: https://developers.hubspot.com/docs/api/oauth/tokens
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { HubSpotHttpError, unauthorized } from './http-errors.ts';

export interface TokenOptions {
  accessToken: string;
  developerApiKey: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  rotateRefreshTokens: boolean;
  accessTokenTtlSeconds: number;
  portalId: number;
  appId: number;
  clock: () => Date;
}

export interface Caller {
  token: string;
  kind: 'private-app' | 'oauth' | 'developer';
  /** The app the token belongs to: the 10-second window is counted per app, whichever of its tokens calls. */
  app: string;
}

function oauthError(status: string, message: string): HubSpotHttpError {
  return new HubSpotHttpError(400, {
    status: 'error',
    message,
    correlationId: randomUUID(),
    category: 'VALIDATION_ERROR',
    error: status,
  });
}

export class TokenRegistry {
  private readonly options: TokenOptions;
  private readonly issued = new Map<string, number>();
  /** The one refresh token the grant accepts. */
  private refreshToken: string;

  constructor(options: TokenOptions) {
    this.options = options;
    this.refreshToken = options.refreshToken;
  }

  private get app(): string {
    return String(this.options.appId);
  }

  authenticateBearer(header: string | undefined): Caller {
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const token = match?.[1];
    if (!token) {
      throw unauthorized(
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    if (token === this.options.accessToken) return { token, kind: 'private-app', app: this.app };
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) throw unauthorized('The access token provided is invalid.');
    const now = this.options.clock().getTime();
    if (now >= expiresAt) {
      const ago = Math.max(1, Math.round((now - expiresAt) / 1000));
      throw unauthorized(
        `The OAuth token used to make this call expired ${ago} second(s) ago.`,
        'EXPIRED_AUTHENTICATION',
      );
    }
    return { token, kind: 'oauth', app: this.app };
  }

  authenticateDeveloper(hapikey: string | null, header: string | undefined): Caller {
    if (hapikey !== null) {
      if (hapikey !== this.options.developerApiKey) throw unauthorized('The API key provided is invalid.');
      return { token: hapikey, kind: 'developer', app: this.app };
    }
    return this.authenticateBearer(header);
  }

  /** `POST /oauth/v1/token`, refresh_token grant (form fields already parsed). */
  refresh(form: Record<string, unknown>): Record<string, unknown> {
    if (form.grant_type !== 'refresh_token')
      throw oauthError('BAD_GRANT_TYPE', `unsupported grant_type: ${String(form.grant_type)}`);
    if (form.client_id !== this.options.clientId)
      throw oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== this.options.clientSecret)
      throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (form.refresh_token !== this.refreshToken)
      throw oauthError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    if (this.options.rotateRefreshTokens)
      this.refreshToken = `sandbox-refresh-${randomBytes(18).toString('base64url')}`;
    const token = `sandbox-oauth-${randomBytes(18).toString('base64url')}`;
    this.issued.set(token, this.options.clock().getTime() + this.options.accessTokenTtlSeconds * 1000);
    return {
      access_token: token,
      refresh_token: this.refreshToken,
      expires_in: this.options.accessTokenTtlSeconds,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: this.options.portalId,
      scopes: [
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.schemas.contacts.write',
        'content',
        'oauth',
      ],
    };
  }

  /** `GET /oauth/v1/access-tokens/{token}`. */
  describe(token: string): Record<string, unknown> | undefined {
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return undefined;
    return {
      token,
      hub_id: this.options.portalId,
      app_id: this.options.appId,
      expires_in: Math.max(0, Math.round((expiresAt - this.options.clock().getTime()) / 1000)),
      token_type: 'access',
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'content', 'oauth'],
    };
  }

  /** Test helper: every OAuth token issued so far is expired from now on. */
  expireAll(): void {
    const now = this.options.clock().getTime();
    for (const token of this.issued.keys()) this.issued.set(token, now);
  }
}
