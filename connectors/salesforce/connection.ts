/**
 * One jsforce Connection per Salesforce connection, with everything cross-cutting in one place: session
 * (initial token + jsforce's single-flight 401 refresh), the quota guard before every call, per-family call
 * counting and `Sforce-Limit-Info` reading on every response, debug logs of method + path, warn logs of API
 * errors, and the one bounded retry layer for idempotent calls (jsforce's own HTTP retry is switched off,
 * style rule 6). REST base: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm
 */
import { Connection, type OAuth2 } from '@jsforce/jsforce-node';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceConnection } from '../../src/config/connections.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { checkCrmUrl, type UrlPolicy } from '../../src/lib/safe-url.ts';
import type { SharedSession } from '../../src/lib/shared-session.ts';
import { TokenSource } from './auth.ts';
import { toSyncError } from './errors.ts';
import { foreignUrlError } from './instance-path.ts';
import { ServerClock } from '../../src/lib/server-clock.ts';
import { QuotaMeter } from './quota.ts';
import { countTry, decideResend, NO_TRIES } from './resend-policy.ts';

/** Refreshes allowed per minute before a still-rejected session counts as an auth failure (no loop). */
const MAX_REFRESHES_PER_MINUTE = 3;

export interface ClientOptions {
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Elapsed time, never stepped, for the server clock to tell a step of `clock` (none: not told). */
  readonly elapsedMs?: () => number;
  readonly onRefreshToken?: (token: string) => Promise<void>;
  /** The session every worker shares: one token request across workers. */
  readonly shared?: SharedSession;
  /** Base delay of the bounded retry (ms); tests shorten it. */
  readonly retryBaseMs?: number;
}

export interface SfRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under the versioned data root (`/query?q=...`) or absolute from the instance (`/services/...`). */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Safe to resend on a transient failure (GETs always are). */
  readonly idempotent?: boolean;
}

type HttpRequestFn = Connection['_transport']['httpRequest'];

/** Endpoint family of a URL, for `usage().calls` (matches the A5 cost formulas' terms). */
export function familyOf(url: string): string {
  const path = new URL(url).pathname;
  if (path.startsWith('/services/oauth2/')) return 'oauth';
  const rest = path.replace(/^\/services\/data\/v\d+\.\d+/, '');
  if (rest.startsWith('/tooling/')) return 'tooling';
  if (/^\/query(All)?\/?$/.test(rest)) return 'query';
  if (/^\/query(All)?\/[^/]+$/.test(rest)) return 'query-more';
  if (rest === '/composite' || rest === '/composite/') return 'composite';
  if (rest.startsWith('/composite/sobjects')) return 'collections';
  if (rest.startsWith('/jobs/')) return 'bulk';
  if (/^\/sobjects\/[^/]+\/describe/.test(rest)) return 'describe';
  if (rest.startsWith('/limits')) return 'limits';
  return 'rest';
}

/** `https://login.salesforce.com/id/00D.../005...` → `00D...`; undefined when not that shape. */
export function organizationOf(identityUrl: string | undefined): string | undefined {
  if (!identityUrl) return undefined;
  const match = /\/id\/(00D[A-Za-z0-9]{12,15})\/005[A-Za-z0-9]{12,15}\/?$/.exec(identityUrl);
  return match?.[1];
}

function apiErrorOf(body: string): { code: string; message: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
    if (typeof first === 'object' && first !== null) {
      const code = Reflect.get(first, 'errorCode') ?? Reflect.get(first, 'error');
      const message = Reflect.get(first, 'message') ?? Reflect.get(first, 'error_description');
      return { code: String(code ?? 'UNKNOWN'), message: String(message ?? '') };
    }
  } catch {
    // Not JSON: jsforce will report ERROR_HTTP_<status>.
  }
  return { code: 'UNKNOWN', message: body.slice(0, 200) };
}

export class SalesforceClient {
  readonly conn: Connection;
  readonly meter: QuotaMeter;
  readonly tokens: TokenSource;
  /** Salesforce's clock, from every answer's `Date` (OAuth included): signposts and JWT `exp` use it. */
  readonly serverClock: ServerClock;
  readonly version: string;
  private readonly logger: Logger;
  private readonly retryBaseMs: number;
  private readonly clock: () => Date;
  private readonly refreshTimes: number[] = [];
  private readonly urlPolicy: UrlPolicy;
  /** Origins of the instances this client's sessions were minted for: the only ones sent the token. */
  private readonly sessionOrigins = new Set<string>();

  constructor(connection: SalesforceConnection, options: ClientOptions) {
    this.logger = options.logger.child({ connector: 'salesforce' });
    this.clock = options.clock;
    this.version = connection.apiVersion;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.urlPolicy = {
      crm: 'salesforce',
      allowedHosts: connection.allowedHosts,
      allowLocalhost: connection.allowLocalhost,
    };
    this.meter = new QuotaMeter(connection.dailyBudgetShare, options.clock);
    const serverClock = new ServerClock(() => options.clock().getTime(), options.elapsedMs);
    this.serverClock = serverClock;
    this.tokens = new TokenSource(connection, {
      logger: this.logger,
      clock: () => serverClock.toServer(options.clock()),
      onRefreshToken: options.onRefreshToken,
      ...(options.shared ? { shared: options.shared } : {}),
      instrument: (oauth2: OAuth2) => this.instrument(oauth2._transport, false),
    });
    this.conn = new Connection({
      loginUrl: connection.loginUrl,
      version: connection.apiVersion,
      refreshFn: (conn, callback) => {
        if (!this.allowRefresh()) {
          callback(
            new SyncError(
              'auth',
              'SF_SESSION_REJECTED',
              'Salesforce keeps rejecting freshly minted sessions',
            ),
          );
          return;
        }
        this.tokens.refreshFn(conn, (err, token) => {
          if (!err) this.sessionOrigins.add(new URL(conn.instanceUrl).origin);
          callback(err, token);
        });
      },
    });
    this.instrument(this.conn._transport, true);
  }

  /** Versioned data-API path, e.g. `dataPath('/composite')`. */
  dataPath(path: string): string {
    return `/services/data/v${this.version}${path}`;
  }

  /** The organisation the session belongs to, read from the token answer's identity URL (no extra call). */
  organizationId: string | undefined;

  /** Mints the first token lazily; later expiries are handled by jsforce's refresh delegate. */
  async ensureSession(): Promise<void> {
    if (this.conn.accessToken) return;
    const session = await this.tokens.mint();
    this.organizationId = organizationOf(session.identityUrl) ?? this.organizationId;
    this.sessionOrigins.add(new URL(session.instanceUrl).origin);
    this.conn.accessToken = session.accessToken;
    this.conn.instanceUrl = session.instanceUrl;
  }

  /** One REST call, parsed JSON back (undefined for 204); failures as `SyncError`. */
  async request(req: SfRequest): Promise<unknown> {
    return this.resending(req, () =>
      this.conn.request({
        method: req.method,
        url: req.path,
        headers: {
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...req.headers,
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      }),
    );
  }

  /**
   * One GET of a CSV answer, its body as sent, with the answer's headers: a Bulk 2.0 result set and its
   * `Sforce-Locator`. Error answers still go through jsforce's JSON error parsing.
   */
  async requestCsv(path: string): Promise<{ body: string; headers: Record<string, string | undefined> }> {
    return this.resending({ method: 'GET', path }, async () => {
      let headers: Record<string, string | undefined> = {};
      const base = this.conn._transport;
      // jsforce takes a transport per call: this one notes the last answer's headers (after a session
      // refresh, the resent request's) and hides `text/csv` from jsforce, which would parse the body itself
      // and, when that fails, hand back the text as if nothing happened.
      const transport = {
        httpRequest: (...args: Parameters<HttpRequestFn>) => {
          const pending = base.httpRequest(...args);
          pending.then(
            (res) => {
              headers = { ...res.headers };
              if (/^text\/csv(;|$)/.test(res.headers['content-type'] ?? ''))
                res.headers['content-type'] = 'text/plain';
            },
            () => undefined,
          );
          return pending;
        },
      };
      const body: unknown = await this.conn.request(
        { method: 'GET', url: path, headers: { Accept: 'text/csv' } },
        { transport },
      );
      if (typeof body !== 'string')
        throw new SyncError(
          'transient',
          'SF_BULK_RESULT_NOT_CSV',
          `Salesforce answered ${path} without a CSV body`,
          {
            path: path.split('?')[0],
            contentType: headers['content-type'],
          },
        );
      return { body, headers };
    });
  }

  /** The one bounded resend layer: idempotent calls resent on transient failures, per `decideResend`. */
  private async resending<T>(
    req: Pick<SfRequest, 'method' | 'path' | 'idempotent'>,
    send: () => Promise<T>,
  ): Promise<T> {
    await this.ensureSession();
    const idempotent = req.idempotent ?? req.method === 'GET';
    let tries = NO_TRIES;
    for (;;) {
      try {
        return await send();
      } catch (err) {
        const error = toSyncError(err, { method: req.method, path: req.path.split('?')[0] });
        tries = countTry(tries, error);
        const next = decideResend(error, tries, idempotent, this.retryBaseMs, Math.random());
        if (!next.resend) throw error;
        this.meter.countRetry();
        await this.sleep(next.delayMs);
      }
    }
  }

  /** Exponential backoff with full jitter: base·2^attempt · U(0.5, 1.5). */
  backoff(attempt: number): number {
    return Math.round(this.retryBaseMs * 2 ** attempt * (0.5 + Math.random()));
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private allowRefresh(): boolean {
    const now = this.clock().getTime();
    while (this.refreshTimes.length > 0 && (this.refreshTimes[0] ?? 0) < now - 60_000)
      this.refreshTimes.shift();
    if (this.refreshTimes.length >= MAX_REFRESHES_PER_MINUTE) return false;
    this.refreshTimes.push(now);
    return true;
  }

  /** Wraps a jsforce transport: every HTTP request jsforce makes (REST, bulk, tooling, OAuth) passes here. */
  private instrument(transport: { httpRequest: HttpRequestFn }, guarded: boolean): void {
    const original: HttpRequestFn = transport.httpRequest.bind(transport);
    transport.httpRequest = (req, options) => {
      const family = familyOf(req.url);
      const path = new URL(req.url).pathname;
      // Budget guard before the call leaves; OAuth does not count against the API allocation.
      if (guarded) {
        this.assertSessionOrigin(req);
        this.meter.assertBudget();
      }
      this.meter.countCall(family);
      this.logger.debug({ method: req.method, path, family }, 'salesforce request');
      const sentMs = this.serverClock.localNow();
      const pending = original(req, {
        ...options,
        retry: { maxRetries: 0, methods: [] },
        followRedirect: (location: string) => this.redirectHop(req, location),
      });
      pending.then(
        (res) => {
          this.serverClock.observe(res.headers['date'] ?? null, sentMs);
          this.afterResponse(req.method, path, res);
        },
        () => undefined,
      );
      return pending;
    };
  }

  /**
   * Backstop under `instancePath`: whatever URL jsforce was handed (a response's link, a Bulk locator
   * path), the session token only goes to an instance a session was minted for.
   */
  private assertSessionOrigin(req: { url: string; headers?: Record<string, string> }): void {
    const carriesToken = Object.keys(req.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
    if (!carriesToken) return;
    const origin = new URL(req.url).origin;
    if (this.sessionOrigins.has(origin)) return;
    const error = foreignUrlError('request URL', origin, this.conn.instanceUrl);
    this.logger.error(
      { code: error.code, origin, err: error },
      'salesforce request to a foreign origin refused',
    );
    throw error;
  }

  /**
   * jsforce follows redirects by default and resends the headers, Authorization included. Each hop is held
   * to the same SSRF guard as the configured URLs, so a 302 to localhost or a metadata address goes nowhere,
   * and a hop to another origin goes without `Authorization` (as the Fetch standard does), so a redirect
   * never hands the session to a host it was not minted for.
   */
  private redirectHop(
    req: { method: string; url: string; headers?: Record<string, string> },
    location: string,
  ) {
    const target = new URL(location, req.url).href;
    const check = checkCrmUrl(target, this.urlPolicy);
    if (!check.ok) {
      const error = new SyncError(
        'config',
        'SF_REDIRECT_REJECTED',
        `Salesforce redirected to ${target}, which ${check.reason}`,
        {
          from: new URL(req.url).pathname,
          target,
        },
      );
      this.logger.error(
        { code: error.code, target, err: error },
        'salesforce redirect rejected by the SSRF guard',
      );
      throw error;
    }
    const crossOrigin = new URL(target).origin !== new URL(req.url).origin;
    const headers = Object.fromEntries(
      Object.entries(req.headers ?? {}).filter(
        ([name]) => !(crossOrigin && name.toLowerCase() === 'authorization'),
      ),
    );
    if (crossOrigin) {
      this.logger.info(
        { from: new URL(req.url).origin, to: new URL(target).origin },
        'salesforce redirect to another origin followed without Authorization',
      );
    }
    return { method: 'GET' as const, url: target, headers };
  }

  private afterResponse(
    method: string,
    path: string,
    res: { statusCode: number; headers: Record<string, string>; body: string },
  ): void {
    this.meter.observe(res.headers['sforce-limit-info']);
    if (res.statusCode < 400) return;
    const { code, message } = apiErrorOf(typeof res.body === 'string' ? res.body : '');
    if (res.statusCode === 429 || code === 'REQUEST_LIMIT_EXCEEDED') this.meter.countRateLimited();
    const level = code === 'INVALID_SESSION_ID' ? 'info' : 'warn';
    this.logger[level]({ method, path, status: res.statusCode, code, message }, 'salesforce API error');
  }
}
