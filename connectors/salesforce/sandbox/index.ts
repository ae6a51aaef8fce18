/**
 * The Salesforce sandbox: an in-memory emulator of the REST, Bulk API 2.0, Tooling and OAuth APIs
 * leadloop uses, loaded from a `SandboxDataset`. Run it in-process (tests, demo, bench) or standalone
 * (`serve-sandbox.ts`); point jsforce at it with `instanceUrl` / `loginUrl`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import type { SandboxDataset } from '../../sandbox/dataset.ts';
import { FaultInjector, type SalesforceFaults } from './faults.ts';
import type { ResolvedOptions, SandboxContext } from './http/context.ts';
import { classifySubrequest, createListener, runSubrequest } from './http/dispatch.ts';
import { LongRequests, PRODUCTION_LONG_REQUEST_LIMIT, type LongRequestLimit } from './http/long-requests.ts';
import { TokenRegistry } from './http/token-registry.ts';
import { UsageCounter, type SandboxStats } from './http/usage-counter.ts';
import { KEY_PREFIX, makeId } from './ids.ts';
import { QueryCursors } from './query-cursors.ts';
import { BulkQueryJobs } from './routes/bulk2-jobs.ts';
import { restrictFields } from './restrict-fields.ts';
import { loadDataset } from './store/load-dataset.ts';
import { SalesforceStore } from './store/salesforce-store.ts';
import { DEFAULT_LATE_COMMITS, type LateCommits } from './store/store-core.ts';

export type { SalesforceFaults } from './faults.ts';
export type { SandboxStats } from './http/usage-counter.ts';
export { SalesforceStore } from './store/salesforce-store.ts';
export type { ConvertLeadOptions, ConvertLeadResult, NewOpportunity } from './store/salesforce-store.ts';

export interface SalesforceSandboxOptions {
  dataset: SandboxDataset;
  host?: string;
  port?: number;
  /** Highest API version served (default '62.0'); any vNN.0 from v20.0 up to it is accepted. */
  apiVersion?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  /** Access tokens expire after this many seconds of sandbox clock (401 INVALID_SESSION_ID). */
  accessTokenTtlSeconds?: number;
  /**
   * Refresh grant returns a new refresh token and invalidates the old one. Default off, as in a real org:
   * rotation is a connected app setting one enables ("the connected app issues a new refresh token along
   * with the access token each time the flow is invoked. The previous refresh token is automatically
   * invalidated"; documented, https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm).
   */
  rotateRefreshTokens?: boolean;
  /** The organisation id (00D...) this org answers with; by default derived from the dataset's seed. */
  orgId?: string;
  /** Daily API request allocation (default 100000). */
  dailyApiLimit?: number;
  faults?: SalesforceFaults;
  /**
   * The org's cap on concurrent long-running requests: past `max` requests in flight for `longAfterMs`,
   * the next is refused with 403 REQUEST_LIMIT_EXCEEDED "ConcurrentPerOrgLongTxn" (`http/long-requests.ts`,
   * README "Limits, timeouts and query cursors"). Default a production org's: 25 requests of 20 s.
   */
  longRequestLimit?: LongRequestLimit;
  /** Server-side cap on query page size (default 2000). */
  maxQueryBatchSize?: number;
  /**
   * A query (first page of `query`/`queryAll`, alone or in `/composite`) whose filter targets more rows than
   * this answers `400 QUERY_TIMEOUT`, every time: the unselective scan of a wide SystemModstamp window on a
   * large object (README "Query timeouts"). Default 1,000,000, the standard index's selectivity cap.
   */
  queryTimeoutRows?: number;
  /**
   * Rows per Bulk 2.0 result set when the client sends no `maxRecords` (default 50,000); smaller makes a
   * small query span several `Sforce-Locator` sets.
   */
  bulkResultSetRows?: number;
  /**
   * The org has an active Lead assignment rule (default on): REST creates and updates of Leads get the
   * rule's owner unless they send `Sforce-Auto-Assign: FALSE` (`write/lead-assignment.ts`).
   */
  leadAssignmentRule?: boolean;
  /**
   * The org's record-triggered flows run on REST creates and updates (default on, as real orgs run
   * automation): the seeded "Title Normaliser" rewrites a Lead's or Contact's Title that starts with an
   * abbreviation in the same save (`write/flows.ts`, README "Automation"). `false` turns them off.
   */
  flows?: boolean;
  /**
   * A share of writes commits seconds after its SystemModstamp, and stamps have whole seconds
   * (`store/store-core.ts`, README "Late commits"). On by default (`DEFAULT_LATE_COMMITS`, seeded from
   * the dataset's seed) for writes by others (the store helpers, `/__sandbox` mutations); the integration
   * user's REST writes always commit with their request. `null` turns it off.
   */
  lateCommits?: LateCommits | null;
  /**
   * Custom fields created through Tooling are invisible to the integration user (describe, SOQL, writes)
   * until a permission set assigned to it grants them (default on, as in a real org; `store/field-access.ts`,
   * README "Field-level security").
   */
  fieldLevelSecurity?: boolean;
  /**
   * Dataset custom fields (`Lead.Rating__c`) the integration user cannot see until a permission set grants
   * them, as when an admin removes them from its profile (`restrict-fields.ts`). Needs `fieldLevelSecurity`.
   */
  restrictedFields?: readonly string[];
  /**
   * Shared Activities (default on): a Task or Event relates to up to 50 Contacts, each a TaskWhoRelation /
   * EventWhoRelation row (`store/who-relations.ts`, README "Shared Activities"). `false`: an org that never
   * enabled it, where those objects do not exist.
   */
  sharedActivities?: boolean;
  clock?: () => Date;
}

export interface RunningSalesforceSandbox {
  loginUrl: string;
  /** The organisation id its identity URLs name. */
  orgId: string;
  instanceUrl: string;
  apiVersion: string;
  clientId: string;
  clientSecret: string;
  username: string;
  refreshToken: string;
  /** The connected app's private key: sign JWT bearer assertions with it. */
  privateKeyPem: string;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(f: SalesforceFaults | null): void;
  /** Most requests in flight at once and refusals by the long-request cap, since the start. */
  longRequests(): { peakInFlight: number; refused: number };
  store: SalesforceStore;
  /** Additive helpers for tests: a fresh valid access token, expiring all tokens, setting today's usage. */
  issueAccessToken(): string;
  expireAccessTokens(): void;
  setDailyApiUsage(used: number): void;
  close(): Promise<void>;
}

function resolve(options: SalesforceSandboxOptions): ResolvedOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiVersion: options.apiVersion ?? '62.0',
    clientId: options.clientId ?? 'sandbox-client-id',
    clientSecret: options.clientSecret ?? 'sandbox-client-secret',
    username: options.username ?? 'integration@leadloop.example',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? null,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    dailyApiLimit: options.dailyApiLimit ?? 100_000,
    maxQueryBatchSize: options.maxQueryBatchSize ?? 2000,
    queryTimeoutRows: options.queryTimeoutRows ?? 1_000_000,
    bulkResultSetRows: options.bulkResultSetRows ?? 50_000,
    leadAssignmentRule: options.leadAssignmentRule ?? true,
    flows: options.flows ?? true,
    clock: options.clock ?? (() => new Date()),
  };
}

export async function startSalesforceSandbox(
  options: SalesforceSandboxOptions,
): Promise<RunningSalesforceSandbox> {
  const resolved = resolve(options);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const seed = options.dataset.seed;
  const orgId =
    options.orgId ??
    makeId(KEY_PREFIX.Organization, typeof seed === 'number' ? 1 + (Math.abs(seed) % 1_000_000) : 1);
  const store = new SalesforceStore({
    clock: resolved.clock,
    integrationUsername: resolved.username,
    lateCommits:
      options.lateCommits === undefined
        ? { ...DEFAULT_LATE_COMMITS, seed: typeof seed === 'number' ? seed : 1 }
        : options.lateCommits,
    fieldLevelSecurity: options.fieldLevelSecurity ?? true,
    sharedActivities: options.sharedActivities ?? true,
  });
  loadDataset(store, options.dataset);
  restrictFields(store, options.restrictedFields ?? []);
  const tokens = new TokenRegistry(resolved.clock, resolved.accessTokenTtlSeconds, orgId.slice(0, 15));
  const ctx: SandboxContext = {
    store,
    options: resolved,
    tokens,
    usage: new UsageCounter(resolved.clock, resolved.dailyApiLimit),
    faults: new FaultInjector(options.faults),
    longRequests: new LongRequests(options.longRequestLimit ?? PRODUCTION_LONG_REQUEST_LIMIT),
    cursors: new QueryCursors(resolved.clock),
    bulkJobs: new BulkQueryJobs(),
    orgId,
    publicKey,
    baseUrl: '',
    subrequest: (method, url, body, headers) => runSubrequest(ctx, method, url, body, headers),
    classify: classifySubrequest,
  };
  const server = createServer(createListener(ctx));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `http://${resolved.host}:${port}`;
  return {
    loginUrl: ctx.baseUrl,
    orgId,
    instanceUrl: ctx.baseUrl,
    apiVersion: resolved.apiVersion,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    username: resolved.username,
    refreshToken: tokens.issueRefresh(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    stats: () => ctx.usage.snapshot(),
    resetStats: () => ctx.usage.resetStats(),
    setFaults: (f) => ctx.faults.set(f),
    longRequests: () => ({ peakInFlight: ctx.longRequests.peakInFlight, refused: ctx.longRequests.refused }),
    store,
    issueAccessToken: () => tokens.issueAccess(),
    expireAccessTokens: () => tokens.expireAllAccess(),
    setDailyApiUsage: (used) => ctx.usage.setDailyUsed(used),
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((err) => (err ? reject(err) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}
