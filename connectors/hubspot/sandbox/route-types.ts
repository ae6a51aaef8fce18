/** The small contract between the HTTP pipeline and the route modules. */
import type { IncomingHttpHeaders } from 'node:http';

export interface RouteContext {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  /** Raw request body length in characters (search caps it at 3,000). */
  bodyChars: number;
  headers: IncomingHttpHeaders;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with `:name` segments, e.g. `/crm/v3/objects/:objectType/batch/read`. */
  pattern: string;
  /** Stable stats name; may depend on path params (e.g. `contacts.batch.update`). */
  endpoint: string | ((params: Readonly<Record<string, string>>) => string);
  /** bearer: private-app or OAuth token; developer: `hapikey` or bearer; none: public or `/__sandbox`. */
  auth: 'bearer' | 'developer' | 'none';
  /** CRM search: exempt from the 10-second bucket, 5/s instead, no rate-limit headers. */
  search?: boolean;
  /** Writes can be answered 423 Locked by fault injection. */
  write?: boolean;
  /** `/__sandbox/*`: not counted, not limited, no faults. */
  admin?: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

export function json(status: number, body: unknown): RouteResult {
  return { status, body };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `?properties=a,b&properties=c` → [a, b, c] (the client sends comma lists). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const all = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return all.length > 0 ? all : undefined;
}
