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
  const release = ctx.longRequests.admit();
  if (!release) return record(concurrentLimitExceeded(limitHeader()));
  try {
    return await admitted(ctx, req, url, version, rest, {
      method,
      endpoint,
      record,
      limitHeader,
      setBody: (b) => (body = b),
    });
  } finally {
    release();
  }
}

/** The same refusal whether the org's long-request cap or the fault knob caused it. */
function concurrentLimitExceeded(headers: Record<string, string>): SfResponse {
  return {
    status: 403,
    headers,
    body: [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
  };
}

/** A proxy in front of the org answers 502/504 with its own HTML page; 503 is the org's JSON. */
function edgeError(status: 502 | 503 | 504, headers: Record<string, string>): SfResponse {
  if (status === 503) {
    return {
      status,
      headers,
      body: [
        {
          message: 'Server temporarily unavailable (sandbox fault injection)',
          errorCode: 'SERVER_UNAVAILABLE',
        },
      ],
    };
  }
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return {
    status,
    headers: { 'Content-Type': 'text/html' },
    raw: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
  };
}

interface Admitted {
  method: string;
  endpoint: string | null;
  record: (r: SfResponse) => SfResponse;
  limitHeader: () => Record<string, string>;
  setBody: (body: unknown) => void;
}

/** A request the org runs: faults, the call counted, the route, and a reset drawn after it. */
async function admitted(
  ctx: SandboxContext,
  req: IncomingMessage,
  url: URL,
  version: string,
  rest: string,
  { method, endpoint, record, limitHeader, setBody }: Admitted,
): Promise<SfResponse> {
  const latency = ctx.faults.requestLatencyMs();
  if (latency > 0) await sleep(latency);
  const edge = ctx.faults.edgeError();
  if (edge.kind === 'status') return record(edgeError(edge.status, limitHeader()));
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
  if (ctx.faults.concurrentLimit()) return record(concurrentLimitExceeded(limitHeader()));
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
    const body = parseJsonBody(rawBody, req.headers['content-type']);
    setBody(body);
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
  const reset = ctx.faults.reset();
  return record({
    ...response,
    headers: { ...(response.headers ?? {}), ...limitHeader() },
    ...(reset ? { reset } : {}),
  });
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
  if (response.reset) {
    // Headers and half the body, then the connection drops: the org applied the call, its answer is lost.
    res.write((payload ?? '').slice(0, Math.floor((payload ?? '').length / 2)));
    res.socket?.destroy();
    return;
  }
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
