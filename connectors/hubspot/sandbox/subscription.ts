/**
 * The portal's subscription tier, apart from its rate-limit profile: what the portal has bought decides
 * which APIs answer at all. Events v3 (page views, form events, custom behavioural events) needs an
 * Enterprise hub ("Requires one of the following products or higher: Marketing Hub - Enterprise, Sales Hub -
 * Enterprise, …", https://developers.hubspot.com/docs/api/analytics/events); a portal below answers 403.
 */
import { z } from 'zod';
import { errorBody, HubSpotHttpError } from './http-errors.ts';

export const HubSpotSubscription = z.enum(['free', 'starter', 'professional', 'enterprise']);
export type HubSpotSubscription = z.infer<typeof HubSpotSubscription>;

/** HubSpot's own default for a paid portal leadloop serves, and the sandbox's. */
export const DEFAULT_SUBSCRIPTION: HubSpotSubscription = 'professional';

export function hasEventsApi(subscription: HubSpotSubscription): boolean {
  return subscription === 'enterprise';
}

/**
 * The 403 a portal without the product answers. HubSpot documents no body for a missing product; it is
 * assumed to be the body it answers for a scope the token lacks (`category: MISSING_SCOPES`, `links.scopes`),
 * since a scope for a product the portal lacks cannot be granted. Which scopes it would name is not
 * documented, so none are named and clients must not rely on them.
 */
export function eventsForbidden(): HubSpotHttpError {
  return new HubSpotHttpError(
    403,
    errorBody(
      'MISSING_SCOPES',
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      {
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      },
    ),
  );
}

/** A guard for routes an Enterprise hub unlocks. */
export function requireEvents(subscription: HubSpotSubscription): void {
  if (!hasEventsApi(subscription)) throw eventsForbidden();
}
