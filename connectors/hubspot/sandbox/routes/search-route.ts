/**
 * `POST /crm/v3/objects/{objectType}/search` (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm):
 * filterGroups/sorts/properties/limit ≤ 200/numeric after, `total`, the 10,000-result cap, archived
 * records excluded, index lag (search-lag.ts: old values until a change is indexed). No rate-limit headers (the pipeline knows `search: true`).
 */
import { json, type Route } from '../route-types.ts';
import { endpointName, objectTypeParam, type SandboxContext } from '../sandbox-context.ts';
import { parseSearch, runSearch } from '../search-engine.ts';

/** Properties a search returns when the request names none (docs: search-the-crm). */
const SEARCH_DEFAULTS: Record<string, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
};

export function searchRoute(ctx: SandboxContext): Route {
  return {
    method: 'POST',
    pattern: '/crm/v3/objects/:objectType/search',
    endpoint: endpointName('search'),
    auth: 'bearer',
    search: true,
    handle: (req) => {
      const type = objectTypeParam(req.params.objectType);
      const request = parseSearch(req.body, req.bodyChars);
      const store = ctx.state.objects[type];
      const outcome = runSearch(store, request, { nowMs: ctx.state.nowMs() });
      const properties =
        request.properties && request.properties.length > 0 ? request.properties : SEARCH_DEFAULTS[type];
      const body: Record<string, unknown> = {
        total: outcome.total,
        results: outcome.rows.map((row) => store.snapshot(row, properties)),
      };
      if (outcome.nextAfter !== undefined)
        body.paging = { next: { after: outcome.nextAfter, link: `?after=${outcome.nextAfter}` } };
      return json(200, body);
    },
  };
}
