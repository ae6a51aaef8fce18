/**
 * OAuth 2.0 token endpoint (JWT bearer and refresh-token grants) and the identity URL. OAuth errors use
 * their own shape, `{error, error_description}` with HTTP 400, not the REST error array.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 */
import { createHmac } from 'node:crypto';
import type { SfResponse } from '../http/api-error.ts';
import type { SandboxContext } from '../http/context.ts';
import { verifyJwtAssertion } from '../http/verify-jwt.ts';
import { identityUrl } from './resources.ts';
import { json } from './route.ts';

const oauthError = (error: string, description: string, status = 400): SfResponse =>
  json({ error, error_description: description }, status);

function tokenResponse(ctx: SandboxContext, accessToken: string, extra: Record<string, string>): SfResponse {
  const issuedAt = String(ctx.options.clock().getTime());
  const id = identityUrl(ctx);
  const signature = createHmac('sha256', ctx.options.clientSecret)
    .update(id + issuedAt)
    .digest('base64');
  return json({
    access_token: accessToken,
    ...extra,
    signature,
    scope: 'api refresh_token',
    instance_url: ctx.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  });
}

/** Client credentials from the form or from HTTP Basic. */
function clientCredentials(
  form: URLSearchParams,
  authorization: string | undefined,
): { id: string | null; secret: string | null } {
  if (authorization?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    return { id: id ?? null, secret: secret ?? null };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

export function handleToken(
  ctx: SandboxContext,
  rawBody: string,
  authorization: string | undefined,
): SfResponse {
  const form = new URLSearchParams(rawBody);
  const grant = form.get('grant_type');
  if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    const check = verifyJwtAssertion(form.get('assertion') ?? '', {
      publicKey: ctx.publicKey,
      clientId: ctx.options.clientId,
      username: ctx.options.username,
      audience: ctx.baseUrl,
      nowSeconds: Math.floor(ctx.options.clock().getTime() / 1000),
    });
    if (!check.ok) return oauthError(check.error, check.description);
    return tokenResponse(ctx, ctx.tokens.issueAccess(), {});
  }
  if (grant === 'refresh_token') {
    const client = clientCredentials(form, authorization);
    if (client.id !== ctx.options.clientId)
      return oauthError('invalid_client_id', 'client identifier invalid');
    if (client.secret !== null && client.secret !== ctx.options.clientSecret)
      return oauthError('invalid_client', 'invalid client credentials');
    const refresh = form.get('refresh_token') ?? '';
    if (!ctx.tokens.isValidRefresh(refresh))
      return oauthError('invalid_grant', 'expired access/refresh token');
    const extra: Record<string, string> = {};
    if (ctx.options.rotateRefreshTokens) {
      ctx.tokens.revokeRefresh(refresh);
      extra['refresh_token'] = ctx.tokens.issueRefresh();
    }
    return tokenResponse(ctx, ctx.tokens.issueAccess(), extra);
  }
  return oauthError('unsupported_grant_type', 'grant type not supported');
}

/** `GET /id/{orgId}/{userId}`: who the token belongs to (jsforce `identity()`). */
export function handleIdentity(ctx: SandboxContext): SfResponse {
  const user = ctx.store.get('User', ctx.store.integrationUserId);
  return json({
    id: identityUrl(ctx),
    asserted_user: true,
    user_id: ctx.store.integrationUserId,
    organization_id: ctx.orgId,
    username: ctx.options.username,
    nick_name: 'leadloop',
    display_name: user?.['Name'] ?? 'Leadloop Integration',
    email: ctx.options.username,
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: {
      rest: `${ctx.baseUrl}/services/data/v{version}/`,
      sobjects: `${ctx.baseUrl}/services/data/v{version}/sobjects/`,
      query: `${ctx.baseUrl}/services/data/v{version}/query/`,
      tooling_rest: `${ctx.baseUrl}/services/data/v{version}/tooling/`,
    },
  });
}
