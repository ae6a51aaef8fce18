/**
 * `/composite` and Tooling `/tooling/composite`: up to 25 subrequests run in order in one API call, at
 * most 5 of them queries (or sObject Collections); `@{ref.path}` references to earlier results;
 * `allOrNone` rolls back every change when a subrequest fails. The HTTP status is 200; each subrequest
 * reports its own. Tooling composite takes only `/services/data/vXX.X/tooling/...` subrequests.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_resources_composite_composite.htm
 */
import { ApiError, type SfResponse } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { AUTO_ASSIGN_HEADER } from '../write/lead-assignment.ts';
import { json, type Route } from './route.ts';

const MAX_SUBREQUESTS = 25;
const MAX_HEAVY = 5;

/** Which subrequest URLs a composite resource accepts. */
interface Scope {
  readonly url: RegExp;
  readonly expected: string;
  /**
   * The store journals data rows only, not metadata (custom fields, value sets), so a Tooling composite
   * that writes cannot be rolled back: the sandbox refuses `allOrNone: true` there instead of faking it.
   */
  readonly rollbackWrites: boolean;
}

const DATA: Scope = {
  url: /^\/services\/data\/v\d+\.\d\//,
  expected: '/services/data/vXX.X/',
  rollbackWrites: true,
};
const TOOLING: Scope = {
  url: /^\/services\/data\/v\d+\.\d\/tooling\//,
  expected: '/services/data/vXX.X/tooling/',
  rollbackWrites: false,
};

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  /** The subrequest's `httpHeaders`, names lower-cased. */
  headers: Record<string, string>;
}

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const HALTED = 'The transaction was rolled back since another operation in the same transaction failed.';

function halted(referenceId: string, message = HALTED): SubResult {
  return {
    body: [{ errorCode: 'PROCESSING_HALTED', message }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId,
  };
}

function lookup(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.').flatMap((p) => p.split(/\[(\d+)\]/).filter(Boolean))) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Replaces `@{ref.path}` in strings (recursively through objects and arrays). */
function substitute(value: unknown, results: Map<string, SubResult>, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/@\{([A-Za-z0-9_]+)\.([^}]+)\}/g, (whole, ref: string, path: string) => {
      const r = results.get(ref);
      const v = r && r.httpStatusCode < 400 ? lookup(r.body, path) : undefined;
      if (v === undefined || v === null || typeof v === 'object') {
        missing.push(`${ref}.${path}`);
        return whole;
      }
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results, missing)]));
  }
  return value;
}

function parse(req: SfRequest, scope: Scope): { allOrNone: boolean; subs: Subrequest[] } {
  const body = req.body as { allOrNone?: unknown; compositeRequest?: unknown } | undefined;
  if (!body || !Array.isArray(body.compositeRequest) || body.compositeRequest.length === 0) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
  }
  if (body.compositeRequest.length > MAX_SUBREQUESTS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `Composite requests cannot have more than ${MAX_SUBREQUESTS} subrequests`,
    );
  }
  const seen = new Set<string>();
  const subs = body.compositeRequest.map((raw: unknown) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const { method, url, referenceId } = s;
    if (typeof method !== 'string' || typeof url !== 'string' || typeof referenceId !== 'string') {
      throw new ApiError(400, 'INVALID_INPUT', 'Each subrequest needs method, url and referenceId');
    }
    if (!/^[A-Za-z0-9_]+$/.test(referenceId) || seen.has(referenceId)) {
      throw new ApiError(400, 'INVALID_INPUT', `Invalid or duplicate referenceId: ${referenceId}`);
    }
    if (!scope.url.test(url))
      throw new ApiError(
        400,
        'INVALID_INPUT',
        `The subrequest URL must start with ${scope.expected}: ${url}`,
      );
    seen.add(referenceId);
    const httpHeaders = s['httpHeaders'];
    const headers: Record<string, string> = {};
    if (httpHeaders && typeof httpHeaders === 'object' && !Array.isArray(httpHeaders))
      for (const [k, v] of Object.entries(httpHeaders))
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
    return {
      method: method.toUpperCase(),
      url,
      referenceId,
      headers,
      ...('body' in s ? { body: s['body'] } : {}),
    };
  });
  const allOrNone = body.allOrNone === true;
  if (allOrNone && !scope.rollbackWrites && subs.some((s) => s.method !== 'GET'))
    throw new ApiError(
      400,
      'INVALID_INPUT',
      'The sandbox cannot roll back Tooling metadata changes: send allOrNone: false (or only GET subrequests)',
    );
  return { allOrNone, subs };
}

/**
 * Headers a subrequest inherits from the composite request: `Sforce-Auto-Assign` (its own `httpHeaders`
 * win). *Assumed*: the header's page (api-rest/guide/headers-autoassign) does not say how it reaches
 * subrequests.
 */
function inherited(req: SfRequest): Record<string, string> {
  const autoAssign = req.headers[AUTO_ASSIGN_HEADER];
  return autoAssign === undefined ? {} : { [AUTO_ASSIGN_HEADER]: autoAssign };
}

async function run(ctx: SandboxContext, req: SfRequest, scope: Scope): Promise<SfResponse> {
  const { allOrNone, subs } = parse(req, scope);
  const fromComposite = inherited(req);
  const results = new Map<string, SubResult>();
  const out: SubResult[] = [];
  const heavy = subs.filter((s) => {
    const kind = ctx.classify(s.method, s.url);
    return kind === 'query' || kind === 'collection';
  }).length;
  if (heavy > MAX_HEAVY) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `Composite requests cannot have more than ${MAX_HEAVY} query or sObject Collections operations (got ${heavy})`,
    );
  }
  let failedAt = -1;
  if (allOrNone) ctx.store.begin();
  try {
    for (const [i, sub] of subs.entries()) {
      if (failedAt >= 0 && allOrNone) {
        out.push(halted(sub.referenceId));
        continue;
      }
      const missing: string[] = [];
      const url = substitute(sub.url, results, missing) as string;
      const body = substitute(sub.body, results, missing);
      let result: SubResult;
      if (missing.length > 0) {
        result = halted(
          sub.referenceId,
          `Invalid reference specified. No value for ${missing[0]} found. Provided referenceId must be an earlier, successful subrequest.`,
        );
      } else {
        const response = await ctx.subrequest(sub.method, url, body, { ...fromComposite, ...sub.headers });
        result = {
          body: response.body ?? null,
          httpHeaders: response.headers ?? {},
          httpStatusCode: response.status,
          referenceId: sub.referenceId,
        };
      }
      results.set(sub.referenceId, result);
      out.push(result);
      if (result.httpStatusCode >= 400 && failedAt < 0) failedAt = i;
    }
  } catch (err) {
    if (allOrNone) ctx.store.rollback();
    throw err;
  }
  if (allOrNone && failedAt >= 0) {
    ctx.store.rollback();
    for (let i = 0; i < failedAt; i++) out[i] = halted((out[i] as SubResult).referenceId);
  } else if (allOrNone) ctx.store.commit();
  return json({ compositeResponse: out });
}

export const compositeRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/composite\/?$/,
    endpoint: 'composite',
    handler: (ctx, req) => run(ctx, req, DATA),
  },
  {
    method: 'POST',
    pattern: /^\/tooling\/composite\/?$/,
    endpoint: 'tooling.composite',
    handler: (ctx, req) => run(ctx, req, TOOLING),
  },
];
