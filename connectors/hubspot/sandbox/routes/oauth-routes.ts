/** OAuth v1 token endpoints: refresh-token grant and access-token introspection. https://developers.hubspot.com/docs/api/oauth/tokens */
import { notFound, validationError } from '../http-errors.ts';
import { isRecord, json, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';

export function oauthRoutes(ctx: SandboxContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/oauth/v1/token',
      endpoint: 'oauth.token',
      auth: 'none',
      handle: (req) => {
        if (!isRecord(req.body)) throw validationError('Expected a form-encoded body with grant_type');
        return json(200, ctx.tokens.refresh(req.body));
      },
    },
    {
      method: 'GET',
      pattern: '/oauth/v1/access-tokens/:token',
      endpoint: 'oauth.access-token.get',
      auth: 'none',
      handle: (req) => {
        const info = ctx.tokens.describe(req.params.token ?? '');
        if (!info) throw notFound('Access token not found');
        return json(200, info);
      },
    },
  ];
}
