/**
 * `GET /account-info/v3/details`: which portal a token belongs to. Shape as documented (portalId,
 * accountType, timeZone, companyCurrency, additionalCurrencies, utcOffset, utcOffsetMilliseconds, uiDomain,
 * dataHostingLocation): https://developers.hubspot.com/docs/api-reference/latest/account/account-information/get-account-details
 * Any valid token may call it (scope `oauth`); it counts against the 10-second limit like other calls.
 */
import { ACCOUNT_TIME_ZONE } from '../account-time-zone.ts';
import { json, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';

export function accountRoutes(ctx: SandboxContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/account-info/v3/details',
      endpoint: 'account-info.details',
      auth: 'bearer',
      handle: () =>
        json(200, {
          portalId: ctx.portalId,
          accountType: 'STANDARD',
          timeZone: ACCOUNT_TIME_ZONE,
          companyCurrency: 'USD',
          additionalCurrencies: [],
          utcOffset: '-05:00',
          utcOffsetMilliseconds: -18_000_000,
          uiDomain: 'app.hubspot.com',
          dataHostingLocation: 'na1',
        }),
    },
  ];
}
