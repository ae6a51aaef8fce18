/**
 * The HubSpot connector: `CrmConnector` on `@hubspot/api-client` v14. Composition only; each capability
 * lives in its own file. HubSpot holds no opportunities for leadloop (they come from Salesforce), so
 * `pullOpportunities` yields nothing.
 */
import type { HubSpotConnection } from '../../src/config/connections.ts';
import type { HubSpotInclude } from '../../src/config/include.ts';
import type { Activity } from '../../src/domain/activity.ts';
import type { PersonObject } from '../../src/domain/crm.ts';
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { Opportunity } from '../../src/domain/opportunity.ts';
import type { Page } from '../../src/domain/person.ts';
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import { withRejections } from '../rejected-records.ts';
import type { CrmAccount, CrmConnector, PullOptions } from '../types.ts';
import { createHubSpotApi, type HubSpotApi } from './api.ts';
import { createTokenSource, type HubSpotTokens, type TokenSource } from './auth.ts';
import { createSdkClient } from './client.ts';
import { hubspotCompanies } from './companies.ts';
import { createFields } from './create-fields.ts';
import { CONTACTS, describeContacts } from './properties.ts';
import { pullActivities } from './pull-activities.ts';
import { hideOutsideExisting, includePages, includeProperties } from './include-filter.ts';
import { pullContacts } from './pull-contacts.ts';
import { readContacts } from './read-contacts.ts';
import type { LimiterWindow } from './limiter-window.ts';
import { HubSpotRateLimiter } from './rate-limiter.ts';
import { CampaignNames } from './read-email-events.ts';
import { EventsAccess } from './events-access.ts';
import { HsAccountDetails, HsListPage, HsTokenResponse } from './schemas.ts';
import { updateLabels } from './update-labels.ts';
import { elapsedClock, ServerClock } from '../../src/lib/server-clock.ts';
import type { SharedSession } from '../../src/lib/shared-session.ts';
import { UsageCounter } from './usage.ts';
import { updateContacts, upsertContacts } from './write-contacts.ts';

export type { HubSpotTokens } from './auth.ts';

export interface HubSpotConnectorOptions {
  logger: Logger;
  clock?: () => Date;
  /** Elapsed time, never stepped (default `performance.now` unless `clock` is given): see ServerClock. */
  elapsedMs?: () => number;
  /** Called with rotated OAuth tokens; store the refresh token before the next run. */
  onTokens?: (tokens: HubSpotTokens) => Promise<void>;
  /** Waits (retries, limiter). Tests pass a fake that advances `clock`; without it timing uses real time. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Refresh OAuth tokens this long before expiry; default 5 min. */
  refreshMarginMs?: number;
  /**
   * Where the rate limiter keeps its windows; default this connector only. Workers of one app pass one
   * shared window (Redis), since HubSpot counts the 10-second window per app, not per process.
   */
  limiterWindow?: LimiterWindow;
  /** The OAuth session every worker shares (Redis state): one refresh across workers. */
  sharedSession?: SharedSession;
  /** `sync.include.hubspot`: contacts outside it are never read (include-filter.ts). */
  include?: HubSpotInclude;
}

function assertContact(object: PersonObject): void {
  if (object !== 'contact') {
    throw new SyncError(
      'config',
      'HUBSPOT_UNKNOWN_OBJECT',
      `HubSpot has no "${object}" object; it syncs contacts`,
      { object },
    );
  }
}

async function* nothing(): AsyncGenerator<Page<Opportunity>> {
  // Opportunities (deals with contact roles) are read from Salesforce only.
}

export function createHubSpotConnector(
  connection: HubSpotConnection,
  options: HubSpotConnectorOptions,
): CrmConnector {
  const logger = options.logger.child({ connector: 'hubspot' });
  // Waits, token expiry and quota windows run on real time: a caller's business clock may be frozen
  // (demo, backtests), and a limiter waiting on a frozen clock would never see its window roll over.
  // Tests that inject `sleep` drive both together.
  const clock = options.clock;
  const now = options.sleep && clock ? (): number => clock().getTime() : (): number => Date.now();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const usage = new UsageCounter();
  const limiter = new HubSpotRateLimiter(connection, {
    now,
    sleep,
    ...(options.limiterWindow ? { window: options.limiterWindow } : {}),
  });
  // Signposts come from the caller's clock (the engine's), so HubSpot's offset is measured against it.
  const serverClock = new ServerClock(
    () => (clock ? clock().getTime() : Date.now()),
    elapsedClock(clock, options.elapsedMs),
  );
  const tokens: TokenSource = createTokenSource(connection, {
    now,
    ...(options.onTokens ? { onTokens: options.onTokens } : {}),
    ...(options.refreshMarginMs !== undefined ? { marginMs: options.refreshMarginMs } : {}),
    ...(options.sharedSession ? { shared: options.sharedSession } : {}),
    refresh: (refreshToken) => refreshTokens(refreshToken),
  });
  const api: HubSpotApi = createHubSpotApi({
    client: createSdkClient(connection.baseUrl),
    tokens: () => tokens,
    limiter,
    usage,
    logger,
    now,
    sleep,
    random: options.random ?? Math.random,
    serverClock,
  });
  async function refreshTokens(refreshToken: string): Promise<HsTokenResponse> {
    const oauth = connection.oauth;
    if (!oauth) throw new SyncError('config', 'HUBSPOT_NO_OAUTH', 'no OAuth client configured');
    // https://developers.hubspot.com/docs/api-reference/auth/oauth/manage-oauth-tokens (refresh grant)
    const { data } = await api.call(
      {
        family: 'oauth',
        kind: 'oauth',
        method: 'POST',
        path: '/oauth/v1/token',
        auth: false,
        form: {
          grant_type: 'refresh_token',
          client_id: oauth.clientId,
          client_secret: oauth.clientSecret,
          refresh_token: refreshToken,
        },
      },
      HsTokenResponse,
    );
    return data;
  }
  const lookbackMs = connection.searchLookbackSeconds * 1000;
  const campaigns = new CampaignNames(api);
  const events = new EventsAccess(api);
  let described: Promise<FieldDescriptor[]> | undefined;
  // Cached per connector like Salesforce's; `fresh` (drift checks) reads the portal again.
  const describeContact = (fresh: boolean): Promise<FieldDescriptor[]> => {
    if (fresh || !described)
      described = describeContacts(api).catch((err: unknown) => {
        described = undefined;
        throw err;
      });
    return described;
  };

  let account: Promise<CrmAccount> | undefined;
  // One call per connector: the portal behind a token does not change while leadloop runs.
  // https://developers.hubspot.com/docs/api-reference/latest/account/account-information/get-account-details
  const readAccount = (): Promise<CrmAccount> => {
    account ??= api
      .call({ family: 'account', method: 'GET', path: '/account-info/v3/details' }, HsAccountDetails)
      .then(({ data }) => {
        if (data.timeZone) limiter.setTimeZone(data.timeZone);
        return { id: String(data.portalId) };
      })
      .catch((err: unknown) => {
        account = undefined;
        throw err;
      });
    return account;
  };
  // The run's signpost in HubSpot's time, so a host clock ahead of HubSpot's never moves a cursor past
  // records HubSpot has yet to write. A sync binds its state to the account first, so an answer has
  // taught the clock by then; before any answer the signpost stays as given.
  const inServerTime = (pullOptions: PullOptions): PullOptions => ({
    ...pullOptions,
    signpost: serverClock.toServer(pullOptions.signpost),
  });
  return {
    crm: 'hubspot',
    objects: ['contact'],
    // Batch update and batch upsert take 100 inputs per call.
    batchSizes: { write: 100, create: 100 },
    account: readAccount,
    async check() {
      await api.call(
        { family: 'list', method: 'GET', path: `/crm/v3/objects/${CONTACTS}`, qs: { limit: 1 } },
        HsListPage,
      );
    },
    objectApiName(object) {
      assertContact(object);
      return CONTACTS;
    },
    async describe(object, options) {
      assertContact(object);
      return describeContact(options?.fresh === true);
    },
    pullChanges(object, cursor, pullOptions) {
      assertContact(object);
      const { include } = options;
      if (!include)
        return withRejections(pullContacts({ api, lookbackMs }, cursor, inServerTime(pullOptions)));
      const pages = pullContacts(
        { api, lookbackMs, extraProperties: includeProperties(include) },
        cursor,
        inServerTime(pullOptions),
      );
      const known = async () => new Set((await describeContact(false)).map((f) => f.name));
      return withRejections(includePages(include, known, pages));
    },
    async readRecords(object, ids, readOptions) {
      assertContact(object);
      return readContacts(api, ids, readOptions?.fields, options.include);
    },
    pullActivities(cursor, pullOptions): AsyncIterable<Page<Activity>> {
      return pullActivities(
        {
          api,
          lookbackMs,
          campaigns,
          eventTypes: () => events.eventTypes(),
          onEventsRefused: (err) => events.refuse(err),
          forms: () => events.forms(),
        },
        cursor,
        inServerTime(pullOptions),
      );
    },
    pullOpportunities() {
      return nothing();
    },
    // Writes check their values against the cached describe (the run has just described): no extra call.
    async write(object, updates) {
      assertContact(object);
      return updateContacts(api, updates, await describeContact(false));
    },
    async create(object, creates) {
      assertContact(object);
      const outcomes = await upsertContacts(api, creates, await describeContact(false));
      const { include } = options;
      if (!include) return outcomes;
      return hideOutsideExisting(
        outcomes,
        async (ids) => (await readContacts(api, ids, [], include)).notFound,
      );
    },
    updateLabels: (changes) => updateLabels(api, changes),
    async createFields(specs) {
      // Names from the describe cache (the run has just described): no second properties read.
      const results = await createFields(api, specs, async () =>
        (await describeContact(false)).map((f) => f.name),
      );
      if (results.some((r) => r.status === 'created')) described = undefined;
      return results;
    },
    unavailableStreams: () => events.unavailable(),
    // Only account scoring reads it; a config without `scoring.account` makes no company call.
    companies: hubspotCompanies({ api, lookbackMs, toServer: (d) => serverClock.toServer(d) }),
    usage: () => api.usage(),
  };
}
