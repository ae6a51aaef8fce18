/**
 * What every route handler gets: the org (store), resolved options, token and usage ledgers, fault
 * knobs, query cursors and bulk jobs, and the request in parsed form.
 */
import type { KeyObject } from 'node:crypto';
import type { SfResponse } from './api-error.ts';
import type { FaultInjector } from '../faults.ts';
import type { LongRequests } from './long-requests.ts';
import type { QueryCursors } from '../query-cursors.ts';
import type { SalesforceStore } from '../store/salesforce-store.ts';
import type { BulkQueryJobs } from '../routes/bulk2-jobs.ts';
import type { TokenRegistry } from './token-registry.ts';
import type { UsageCounter } from './usage-counter.ts';

export interface ResolvedOptions {
  host: string;
  port: number;
  apiVersion: string;
  clientId: string;
  clientSecret: string;
  username: string;
  accessTokenTtlSeconds: number | null;
  rotateRefreshTokens: boolean;
  dailyApiLimit: number;
  maxQueryBatchSize: number;
  /** A query targeting more rows than this answers `400 QUERY_TIMEOUT` (`routes/query.ts`). */
  queryTimeoutRows: number;
  /** Rows per Bulk 2.0 result set without `maxRecords` (`routes/bulk2-jobs.ts`). */
  bulkResultSetRows: number;
  /** The org has an active Lead assignment rule (`write/lead-assignment.ts`). */
  leadAssignmentRule: boolean;
  /** The org's record-triggered flows run on REST saves (`write/flows.ts`). */
  flows: boolean;
  clock: () => Date;
}

export interface SandboxContext {
  store: SalesforceStore;
  options: ResolvedOptions;
  tokens: TokenRegistry;
  usage: UsageCounter;
  faults: FaultInjector;
  /** The org's cap on concurrent long-running requests (`long-requests.ts`). */
  longRequests: LongRequests;
  cursors: QueryCursors;
  bulkJobs: BulkQueryJobs;
  /** 18-character organisation id (00D…). */
  orgId: string;
  publicKey: KeyObject;
  /** Known once the server listens. */
  baseUrl: string;
  /**
   * Runs a data-API request in-process (composite subrequests): no auth, no counting. `headers`
   * (lower-cased names) are the subrequest's own `httpHeaders` plus what it inherits from the composite.
   */
  subrequest(
    method: string,
    url: string,
    body: unknown,
    headers?: Record<string, string | undefined>,
  ): Promise<SfResponse>;
  /** How `/composite` counts a subrequest against its limits (null when no route matches). */
  classify(method: string, url: string): 'query' | 'collection' | 'other' | null;
}

export interface SfRequest {
  method: string;
  /** Path without the query string, e.g. `/services/data/v62.0/sobjects/Lead/describe`. */
  path: string;
  /** Path after `/services/data/vXX.X`, e.g. `/sobjects/Lead/describe` (empty for the resources root). */
  rest: string;
  /** The API version of the request path, e.g. `62.0`. */
  version: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body (or undefined), and the raw text. */
  body: unknown;
  rawBody: string;
  /** Regex groups of the matched route. */
  params: string[];
  /** True for `/composite` subrequests (not counted, no auth of their own). */
  internal: boolean;
}
