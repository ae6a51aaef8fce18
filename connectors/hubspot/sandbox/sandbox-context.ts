/** What route modules share: the portal state and the runtime knobs. */
import type { FaultInjector } from './fault-injector.ts';
import type { ChangeSource, PortalState } from './hubspot-store.ts';
import type { HubSpotSubscription } from './subscription.ts';
import { notFound } from './http-errors.ts';
import type { TokenRegistry } from './oauth-tokens.ts';
import { resolveObjectType, type ObjectTypeName } from './property-types.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

export interface SandboxContext {
  state: PortalState;
  tokens: TokenRegistry;
  webhooks: WebhookDispatcher;
  portalId: number;
  appId: number;
  faults(): FaultInjector | undefined;
  /** The portal's subscription tier: which APIs answer at all (Events v3 needs Enterprise). */
  subscription(): HubSpotSubscription;
  /** How writes through the API are attributed in webhook events. */
  apiSource: ChangeSource;
}

export function objectTypeParam(raw: string | undefined): ObjectTypeName {
  const type = raw === undefined ? undefined : resolveObjectType(raw);
  if (!type) throw notFound(`Unknown object type: ${raw ?? ''}`);
  return type;
}

/** Stats name prefix: `contacts`, `emails`, ... for any accepted spelling of the type. */
export function endpointName(suffix: string): (params: Readonly<Record<string, string>>) => string {
  return (params) =>
    `${(params.objectType && resolveObjectType(params.objectType)) || params.objectType || 'objects'}.${suffix}`;
}
