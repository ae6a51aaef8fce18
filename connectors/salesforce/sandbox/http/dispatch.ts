/**
 * The sandbox's front door. Data-API requests (`/services/data/vXX.X/...`) are authenticated (401
 * INVALID_SESSION_ID), checked against the daily allocation (403 REQUEST_LIMIT_EXCEEDED), counted,
 * optionally faulted (latency, 503) and answered with `Sforce-Limit-Info`. The OAuth token endpoint,
 * identity URL, versions list and `/__sandbox/*` control endpoints sit beside them.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from '../routes/admin.ts';
import { handleIdentity, handleToken } from '../routes/oauth.ts';
import { releaseLabel } from '../routes/resources.ts';
import { ApiError, notFound, type SfResponse } from './api-error.ts';
import { callDetail } from './call-detail.ts';
import type { SandboxContext, SfRequest } from './context.ts';
import { parseJsonBody, readBody } from './read-body.ts';
import { matchRoute } from './route-table.ts';

const DATA_PATH = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const FIRST_VERSION = 20;

function versions(ctx: SandboxContext): SfResponse {
  const max = Math.floor(Number(ctx.options.apiVersion));
  const list = [];
  for (let v = FIRST_VERSION; v <= max; v++)
    list.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  return { status: 200, body: list };
}

function supported(ctx: SandboxContext, version: string): boolean {
  const v = Number(version);
  return v >= FIRST_VERSION && v <= Number(ctx.options.apiVersion);
}

function bearer(header: string | undefined): string | null {
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header ?? '');
  return m ? (m[1] as string).trim() : null;
}

function asResponse(err: unknown): SfResponse {
  if (err instanceof ApiError) return err.toResponse();
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: 500,
    body: [
      { message: `An unexpected error occurred in the sandbox: ${message}`, errorCode: 'UNKNOWN_EXCEPTION' },
    ],
  };
}

/** Runs a matched data route; shared by HTTP requests and composite subrequests. */
async function runRoute(
  ctx: SandboxContext,
  req: Omit<SfRequest, 'params'>,
): Promise<{ response: SfResponse; endpoint: string | null }> {
  const match = matchRoute(req.method, req.rest);
  if (!match.route) {
    if (match.allowed.length > 0) {
      return {
        response: new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `HTTP Method '${req.method}' not allowed. Allowed are ${[...new Set(match.allowed)].join(',')}`,
        ).toResponse(),
        endpoint: null,
      };
    }
    return { response: notFound().toResponse(), endpoint: null };
  }
  try {
    return {
      response: await match.route.handler(ctx, { ...req, params: match.params }),
      endpoint: match.route.endpoint,
    };
  } catch (err) {
    return { response: asResponse(err), endpoint: match.route.endpoint };
  }
}

export function classifySubrequest(method: string, url: string): 'query' | 'collection' | 'other' | null {
  const u = new URL(url, 'http://sandbox.invalid');
  const m = DATA_PATH.exec(u.pathname);
  if (!m) return null;
  const match = matchRoute(method.toUpperCase(), m[2] ?? '');
  return match.route ? (match.route.compositeKind ?? 'other') : null;
}

export async function runSubrequest(
  ctx: SandboxContext,
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string | undefined> = {},
): Promise<SfResponse> {
  const u = new URL(url, 'http://sandbox.invalid');
  const m = DATA_PATH.exec(u.pathname);
  if (!m || !supported(ctx, m[1] as string)) return notFound().toResponse();
  const { response } = await runRoute(ctx, {
    method: method.toUpperCase(),
    path: u.pathname,
    rest: m[2] ?? '',
    version: m[1] as string,
    query: u.searchParams,
    headers,
    body,
    rawBody: body === undefined ? '' : JSON.stringify(body),
    internal: true,
  });
  return response;
}

/** Endpoints that start a SOQL scan server-side, hence can time out (queryMore reads a kept cursor). */
const QUERY_ENDPOINTS = new Set(['query', 'queryAll']);

async function dataRequest(
  ctx: SandboxContext,
  req: IncomingMessage,
  url: URL,
  version: string,
  rest: string,
): Promise<SfResponse> {
  const method = (req.method ?? 'GET').toUpperCase();
  const endpoint = matchRoute(method, rest).route?.endpoint ?? null;
  let body: unknown;
  const record = (r: SfResponse): SfResponse => {
    if (endpoint) ctx.usage.record(endpoint, r.status, callDetail(method, rest, url.searchParams, body));
    return r;
  };
  const token = bearer(req.headers.authorization);
  if (!token || !ctx.tokens.isValidAccess(token)) {
    return record({
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    });
  }
  const limitHeader = () => ({ 'Sforce-Limit-Info': ctx.usage.limitHeader() });
  if (ctx.usage.exhausted()) {
    return record({
      status: 403,
      headers: limitHeader(),
      body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    });
  }
  if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
  if (ctx.faults.serverError()) {
    return record({
      status: 503,
      headers: limitHeader(),
      body: [
        {
          message: 'Server temporarily unavailable (sandbox fault injection)',
          errorCode: 'SERVER_UNAVAILABLE',
        },
      ],
    });
  }
  if (ctx.faults.concurrentLimit()) {
    return record({
      status: 403,
      headers: limitHeader(),
      body: [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    });
  }
  ctx.usage.countApiCall();
  if (QUERY_ENDPOINTS.has(endpoint ?? '') && ctx.faults.queryTimeout()) {
    return record({
      status: 400,
      headers: limitHeader(),
      body: [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }],
    });
  }
  let response: SfResponse;
  try {
    const rawBody = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    );
    body = parseJsonBody(rawBody, req.headers['content-type']);
    response = (
      await runRoute(ctx, {
        method,
        path: url.pathname,
        rest,
        version,
        query: url.searchParams,
        headers,
        body,
        rawBody,
        internal: false,
      })
    ).response;
  } catch (err) {
    response = asResponse(err);
  }
  return record({ ...response, headers: { ...(response.headers ?? {}), ...limitHeader() } });
}

async function route(ctx: SandboxContext, req: IncomingMessage): Promise<SfResponse> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  const path = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  if (path === '/services/oauth2/token') {
    const response =
      method === 'POST'
        ? handleToken(ctx, await readBody(req), req.headers.authorization)
        : notFound().toResponse();
    ctx.usage.record('oauth.token', response.status);
    return response;
  }
  if (path.startsWith('/__sandbox/')) {
    try {
      return handleAdmin(ctx, method, path, parseJsonBody(await readBody(req), req.headers['content-type']));
    } catch (err) {
      return asResponse(err);
    }
  }
  if (path === '/services/data' || path === '/services/data/') return versions(ctx);
  if (/^\/id\/[^/]+\/[^/]+\/?$/.test(path)) {
    const token = bearer(req.headers.authorization) ?? url.searchParams.get('oauth_token');
    const response =
      token && ctx.tokens.isValidAccess(token)
        ? handleIdentity(ctx)
        : { status: 403, body: 'Bad_OAuth_Token', raw: 'Bad_OAuth_Token' };
    ctx.usage.record('identity', response.status);
    return response;
  }
  const m = DATA_PATH.exec(path);
  if (m && supported(ctx, m[1] as string)) return dataRequest(ctx, req, url, m[1] as string, m[2] ?? '');
  return notFound().toResponse();
}

function write(res: ServerResponse, response: SfResponse, now: Date): void {
  // The org's clock, not node's default wall-clock `Date`: a skewed clock is then visible to clients.
  const headers: Record<string, string> = { Date: now.toUTCString(), ...(response.headers ?? {}) };
  let payload: string | undefined;
  if (response.raw !== undefined) {
    payload = response.raw;
    headers['Content-Type'] ??= 'text/plain;charset=UTF-8';
  } else if (response.body !== undefined && response.status !== 204) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** The node:http request listener. */
export function createListener(ctx: SandboxContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req).then(
      (response) => write(res, response, ctx.options.clock()),
      (err: unknown) => write(res, asResponse(err), ctx.options.clock()),
    );
  };
}
