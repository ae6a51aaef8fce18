/**
 * The HubSpot sandbox: a faithful in-memory emulator of the HubSpot APIs leadloop uses, for tests, the
 * demo and benchmarks. Point `@hubspot/api-client` at it with `basePath: sandbox.baseUrl`. Endpoint
 * coverage and the activity → endpoint mapping are in README.md beside this file.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxDataset } from '../../sandbox/dataset.ts';
import { createLogger, type Logger } from '../../../src/lib/logger.ts';
import { loadDataset } from './dataset-loader.ts';
import { FaultInjector, type HubSpotFaults } from './fault-injector.ts';
import { PortalState, type ChangeSource } from './hubspot-store.ts';
import { ACCOUNT_TIME_ZONE } from './account-time-zone.ts';
import { RateLimiter, type HubSpotSandboxLimits } from './limits-policy.ts';
import { TokenRegistry } from './oauth-tokens.ts';
import { emptyStats, handleRequest, type SandboxStats } from './request-pipeline.ts';
import { Router } from './router.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { associationRoutes } from './routes/association-routes.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { emailEventRoutes } from './routes/email-event-routes.ts';
import { mergeRoutes } from './routes/merge-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { formRoutes } from './routes/form-routes.ts';
import { objectRoutes } from './routes/object-routes.ts';
import { oauthRoutes } from './routes/oauth-routes.ts';
import { propertyRoutes } from './routes/property-routes.ts';
import { searchRoute } from './routes/search-route.ts';
import { DEFAULT_SEARCH_LAG, type SearchLagOption } from './search-lag.ts';
import { DEFAULT_SUBSCRIPTION, type HubSpotSubscription } from './subscription.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { createStoreHelpers, type HubSpotStore } from './store-helpers.ts';
import { WebhookDispatcher, type DeliveryStats } from './webhook-dispatcher.ts';

export { hubSpotTierLimits, type HubSpotSandboxLimits, type HubSpotTier } from './limits-policy.ts';
export type { HubSpotFaults } from './fault-injector.ts';
export { DEFAULT_SEARCH_LAG, type SearchLagOption } from './search-lag.ts';
export { DEFAULT_SUBSCRIPTION, HubSpotSubscription } from './subscription.ts';
export type { SandboxStats } from './request-pipeline.ts';
export type { HubSpotStore, StoreActivityInput } from './store-helpers.ts';
export type { SimplePublicObject } from './object-store.ts';
export type { PropertyDefinition } from './property-types.ts';
export { signV3 } from './webhook-dispatcher.ts';

export interface HubSpotSandboxOptions {
  dataset: SandboxDataset;
  host?: string;
  port?: number;
  /** Private-app token (Bearer); default 'sandbox-hubspot-token'. Never expires. */
  accessToken?: string;
  /** App client secret (webhook signature v3, OAuth); default 'sandbox-client-secret'. */
  clientSecret?: string;
  /** OAuth client id; default 'sandbox-client-id'. */
  clientId?: string;
  /** OAuth refresh token accepted by `POST /oauth/v1/token`; default 'sandbox-refresh-token'. */
  refreshToken?: string;
  /**
   * Each refresh grant answers a new refresh token and retires the old one. Default off: HubSpot's docs
   * have an app keep the refresh token it got at install (see README, Auth).
   */
  rotateRefreshTokens?: boolean;
  /** Lifetime of OAuth access tokens on the sandbox clock; default 1800 (HubSpot's 30 minutes). */
  accessTokenTtlSeconds?: number;
  /** Developer API key (`hapikey`) for the webhooks management API; default 'sandbox-developer-key'. */
  developerApiKey?: string;
  portalId?: number;
  appId?: number;
  limits?: HubSpotSandboxLimits;
  /**
   * The portal's subscription tier, apart from its rate limits (`limits`): default `professional`, as most
   * portals are. Below `enterprise` the Events v3 API answers 403. See README, Tiers.
   */
  subscription?: HubSpotSubscription;
  faults?: HubSpotFaults;
  /**
   * Search index lag on the portal clock: until a change is indexed, search filters on and answers the
   * record as it was (a new record is missing). Default `DEFAULT_SEARCH_LAG`, a seeded delay per change
   * of seconds to minutes, as a real portal has; `false` turns it off. See README, Search.
   */
  searchLag?: SearchLagOption;
  /** The portal's clock for record timestamps, search lag, token expiry and the `Date` header; default `() => new Date()`. */
  clock?: () => Date;
  /**
   * The rate limits' clock (10-second windows, the daily quota's day in the account's time zone); default
   * the wall clock, as the windows model real pacing. Tests drive it to cross a window or a midnight.
   */
  limitsClock?: () => number;
  /** Webhook delivery: attempts per batch (default 5), first retry delay (default 100 ms, doubling), batching window (default 20 ms). */
  webhooks?: { maxAttempts?: number; retryDelayMs?: number; batchDelayMs?: number };
  logger?: Logger;
}

export interface RunningHubSpotSandbox {
  baseUrl: string;
  accessToken: string;
  clientSecret: string;
  clientId: string;
  refreshToken: string;
  developerApiKey: string;
  portalId: number;
  appId: number;
  stats(): SandboxStats;
  setSubscription(s: HubSpotSubscription): void;
  resetStats(): void;
  setLimits(l: HubSpotSandboxLimits | null): void;
  setFaults(f: HubSpotFaults | null): void;
  /** `false` makes every pending change searchable at once. */
  setSearchLag(option: SearchLagOption): void;
  /** Every OAuth access token issued so far expires now. */
  expireAccessTokens(): void;
  /** Resolves when every queued webhook batch was delivered or given up on. */
  webhooksIdle(): Promise<void>;
  webhookStats(): DeliveryStats;
  /** Time the dataset took to load, in ms. */
  loadMs: number;
  store: HubSpotStore;
  close(): Promise<void>;
}

export async function startHubSpotSandbox(options: HubSpotSandboxOptions): Promise<RunningHubSpotSandbox> {
  const logger = options.logger ?? createLogger({ level: 'warn' }).child({ component: 'hubspot-sandbox' });
  // One seed, one portal: a state built on one generated world refuses another (leadloop binds its state
  // to the portal id), as it would refuse another company's portal.
  const seed = options.dataset.seed;
  const portalId =
    options.portalId ?? (typeof seed === 'number' ? 60_000_000 + (Math.abs(seed) % 9_000_000) : 62_515_000);
  const appId = options.appId ?? 1_234_567;
  const clock = options.clock ?? (() => new Date());
  const secrets = {
    accessToken: options.accessToken ?? 'sandbox-hubspot-token',
    clientSecret: options.clientSecret ?? 'sandbox-client-secret',
    clientId: options.clientId ?? 'sandbox-client-id',
    refreshToken: options.refreshToken ?? 'sandbox-refresh-token',
    developerApiKey: options.developerApiKey ?? 'sandbox-developer-key',
  };
  const state = new PortalState(portalId, clock);
  const summary = loadDataset(state, options.dataset);
  const setSearchLag = (option: SearchLagOption): void => {
    for (const store of Object.values(state.objects)) store.searchLag.set(option, portalId);
  };
  setSearchLag(options.searchLag ?? DEFAULT_SEARCH_LAG);
  const tokens = new TokenRegistry({
    ...secrets,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
    portalId,
    appId,
    clock,
  });
  const webhooks = new WebhookDispatcher({
    portalId,
    appId,
    clientSecret: secrets.clientSecret,
    maxAttempts: options.webhooks?.maxAttempts ?? 5,
    retryDelayMs: options.webhooks?.retryDelayMs ?? 100,
    batchDelayMs: options.webhooks?.batchDelayMs ?? 20,
    logger,
  });
  state.onChange((events) => webhooks.onChanges(events));

  let stats = emptyStats();
  let limits = options.limits ?? null;
  let limiter = limits ? new RateLimiter(limits, ACCOUNT_TIME_ZONE) : undefined;
  let subscription = options.subscription ?? DEFAULT_SUBSCRIPTION;
  let faults = options.faults ?? null;
  let injector = faults ? new FaultInjector(faults) : undefined;
  const apiSource: ChangeSource = { changeSource: 'INTEGRATION', sourceId: String(appId) };
  const ctx: SandboxContext = {
    state,
    tokens,
    webhooks,
    portalId,
    appId,
    faults: () => injector,
    subscription: () => subscription,
    apiSource,
  };
  const store = createStoreHelpers(state);

  const setLimits = (l: HubSpotSandboxLimits | null): void => {
    limits = l;
    limiter = l ? new RateLimiter(l, ACCOUNT_TIME_ZONE) : undefined;
  };
  const setFaults = (f: HubSpotFaults | null): void => {
    faults = f;
    injector = f ? new FaultInjector(f) : undefined;
  };
  const router = new Router();
  router.add(
    adminRoutes({
      stats: () => stats,
      resetStats: () => (stats = emptyStats()),
      faults: () => faults,
      setFaults,
      limits: () => limits,
      setLimits,
      expireTokens: () => tokens.expireAll(),
      store,
    }),
  );
  router.add([
    searchRoute(ctx),
    ...mergeRoutes(ctx),
    ...batchRoutes(ctx),
    ...objectRoutes(ctx),
    ...propertyRoutes(ctx),
    ...associationRoutes(ctx),
  ]);
  router.add([
    ...eventRoutes(ctx),
    ...formRoutes(ctx),
    ...emailEventRoutes(ctx),
    ...webhookRoutes(ctx),
    ...oauthRoutes(ctx),
    ...accountRoutes(ctx),
  ]);

  const deps = {
    router,
    tokens,
    limiter: () => limiter,
    faults: () => injector,
    stats: () => stats,
    groupName: (caller: { kind: string }) =>
      `publicapi:${caller.kind === 'oauth' ? 'oauth' : 'private_app'}-api-calls-ten-secondly:${appId}:${portalId}`,
    limitsNow: options.limitsClock ?? Date.now,
    logger,
  };
  const server = createServer((req, res) => {
    // HubSpot's answers carry its clock in `Date`; clients map their cutoffs into it (a skewed host clock).
    res.setHeader('Date', clock().toUTCString());
    void handleRequest(deps, req, res);
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info(
    { port, contacts: summary.contacts, activities: summary.activities, loadMs: Math.round(summary.ms) },
    'hubspot sandbox listening',
  );

  return {
    baseUrl: `http://${host}:${port}`,
    ...secrets,
    portalId,
    appId,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setLimits,
    setFaults,
    setSubscription: (s: HubSpotSubscription) => {
      subscription = s;
    },
    setSearchLag,
    expireAccessTokens: () => tokens.expireAll(),
    webhooksIdle: () => webhooks.idle(),
    webhookStats: () => ({ ...webhooks.stats }),
    loadMs: summary.ms,
    store,
    close: async () => {
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
