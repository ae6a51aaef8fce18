/**
 * One API call through the sandbox, in HubSpot's order: route → auth (401) → rate limits (429 with
 * `X-HubSpot-RateLimit-*` headers, or the bare search body) → injected faults (latency and spikes, 5xx
 * and bursts, the edge's HTML pages, 429, 423) → handler → a connection reset mid-answer when drawn.
 * Every real call is counted; `/__sandbox/*` is not.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../src/lib/logger.ts';
import { edgeErrorPage, type FaultInjector } from './fault-injector.ts';
import { errorBody, HubSpotHttpError, rateLimitBody, validationError } from './http-errors.ts';
import type { RateLimiter } from './limits-policy.ts';
import type { Caller, TokenRegistry } from './oauth-tokens.ts';
import type { Route, RouteContext, RouteResult } from './route-types.ts';
import type { Router } from './router.ts';

export interface SandboxStats {
  totalCalls: number;
  byEndpoint: Record<string, number>;
  http429: number;
  http5xx: number;
  errors4xx: number;
  /** Answers cut off by an injected connection reset (not counted by status). */
  resets: number;
}

export function emptyStats(): SandboxStats {
  return { totalCalls: 0, byEndpoint: {}, http429: 0, http5xx: 0, errors4xx: 0, resets: 0 };
}

export interface PipelineDeps {
  router: Router;
  tokens: TokenRegistry;
  limiter: () => RateLimiter | undefined;
  faults: () => FaultInjector | undefined;
  stats: () => SandboxStats;
  groupName: (caller: Caller) => string;
  /** The rate limits' clock in ms (wall clock unless a test drives it). */
  limitsNow: () => number;
  logger: Logger;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const JSON_TYPE = 'application/json;charset=utf-8';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw validationError('Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw validationError(`Invalid input JSON: ${(err as Error).message}`);
  }
}

/** An answer as it goes on the wire; `reset` destroys the socket halfway through the body. */
interface Outgoing {
  result: RouteResult;
  html?: string;
  reset?: boolean;
}

function send(res: ServerResponse, out: Outgoing): void {
  const { result } = out;
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined && out.html === undefined) {
    if (out.reset) res.socket?.destroy();
    else res.writeHead(result.status, headers).end();
    return;
  }
  const payload = out.html ?? JSON.stringify(result.body);
  headers['Content-Type'] = out.html === undefined ? JSON_TYPE : 'text/html';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  if (out.reset) {
    // Headers and half the body, then the connection drops: the client sees the answer start, never end.
    res.writeHead(result.status, headers);
    res.write(payload.slice(0, Math.floor(payload.length / 2)));
    res.socket?.destroy();
    return;
  }
  res.writeHead(result.status, headers).end(payload);
}

function count(stats: SandboxStats, status: number): void {
  if (status === 429) stats.http429 += 1;
  else if (status >= 500) stats.http5xx += 1;
  else if (status >= 400) stats.errors4xx += 1;
}

function authenticate(route: Route, deps: PipelineDeps, req: IncomingMessage, url: URL): Caller | undefined {
  if (route.auth === 'none') return undefined;
  if (route.auth === 'developer')
    return deps.tokens.authenticateDeveloper(url.searchParams.get('hapikey'), req.headers.authorization);
  return deps.tokens.authenticateBearer(req.headers.authorization);
}

export async function handleRequest(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const match = deps.router.match(req.method ?? 'GET', path);
  const stats = deps.stats();
  let result: RouteResult;
  let rateHeaders: Record<string, string> = {};
  let html: string | undefined;
  let reset = false;
  try {
    if (!match) {
      stats.totalCalls += 1;
      stats.byEndpoint.not_found = (stats.byEndpoint.not_found ?? 0) + 1;
      throw new HubSpotHttpError(
        404,
        errorBody('OBJECT_NOT_FOUND', `No route for ${req.method ?? 'GET'} ${path}`),
      );
    }
    const { route, params } = match;
    if (!route.admin) {
      const name = typeof route.endpoint === 'string' ? route.endpoint : route.endpoint(params);
      stats.totalCalls += 1;
      stats.byEndpoint[name] = (stats.byEndpoint[name] ?? 0) + 1;
    }
    const raw = await readBody(req);
    const ctx: RouteContext = {
      method: req.method ?? 'GET',
      path,
      params,
      query: url.searchParams,
      body: parseBody(raw, req.headers['content-type']),
      bodyChars: raw.length,
      headers: req.headers,
    };
    if (route.admin) {
      result = await route.handle(ctx);
    } else {
      const caller = authenticate(route, deps, req, url);
      rateHeaders = admit(deps, route, caller);
      const injected = deps.faults();
      const latency = injected?.latencyMs() ?? 0;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const fault = injected?.forRequest(route.write === true) ?? { kind: 'none' };
      if (fault.kind === '5xx')
        throw new HubSpotHttpError(
          fault.status,
          errorBody('INTERNAL_ERROR', 'Service temporarily unavailable (sandbox fault injection)'),
        );
      if (fault.kind === 'html') {
        // The edge answers before HubSpot sees the call: none of HubSpot's rate-limit headers.
        rateHeaders = {};
        html = edgeErrorPage(fault.status);
        result = { status: fault.status };
      } else if (fault.kind === '429') {
        result = {
          status: 429,
          body: rateLimitBody(
            route.search ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING',
            caller ? deps.groupName(caller) : 'publicapi',
          ),
        };
      } else if (fault.kind === '423') {
        throw new HubSpotHttpError(
          423,
          errorBody('LOCKED', 'The record is locked by another request; retry after at least 2 seconds'),
        );
      } else {
        reset = fault.kind === 'reset';
        result = await route.handle(ctx);
      }
    }
  } catch (err) {
    if (err instanceof HubSpotHttpError) result = { status: err.httpStatus, body: err.body };
    else if (err instanceof RateLimited) result = { status: 429, body: err.body, headers: err.headers };
    else {
      deps.logger.error({ err, path }, 'hubspot sandbox handler failed');
      result = { status: 500, body: errorBody('INTERNAL_ERROR', 'Internal error in the HubSpot sandbox') };
    }
  }
  if (match && !match.route.admin && !reset) count(stats, result.status);
  if (reset) stats.resets += 1;
  send(res, {
    result: { ...result, headers: { ...rateHeaders, ...result.headers } },
    ...(html === undefined ? {} : { html }),
    reset,
  });
}

class RateLimited extends Error {
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(body: Record<string, unknown>, headers: Record<string, string>) {
    super(String(body.message));
    this.body = body;
    this.headers = headers;
  }
}

/** Applies the limit set; returns the headers for the response or throws the 429. */
function admit(deps: PipelineDeps, route: Route, caller: Caller | undefined): Record<string, string> {
  const limiter = deps.limiter();
  if (!limiter || !limiter.limits.enabled || !caller) return {};
  const verdict = limiter.check(
    caller.app,
    route.search === true,
    caller.kind === 'private-app',
    deps.limitsNow(),
  );
  if (verdict.ok) return verdict.headers;
  const body = rateLimitBody(verdict.policy, deps.groupName(caller));
  const headers: Record<string, string> = {};
  if (verdict.policy !== 'SECONDLY') {
    headers['X-HubSpot-RateLimit-Max'] = String(limiter.limits.tenSecondMax);
    headers['X-HubSpot-RateLimit-Remaining'] = '0';
    headers['X-HubSpot-RateLimit-Interval-Milliseconds'] = '10000';
  }
  throw new RateLimited(body, headers);
}
