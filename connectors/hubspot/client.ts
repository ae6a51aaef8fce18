/**
 * One `@hubspot/api-client` Client per connector, and one HTTP exchange through it. All calls go through
 * `client.apiRequest()`, which returns the fetch `Response`, so the connector sees every status, header
 * and raw body (the codegen methods drop `policyName` from 429 bodies; see specs A14).
 *
 * The SDK's decorators are a process-wide singleton: we never pass `limiterOptions`, and we run with
 * `numberOfApiCallRetries: 0`. The SDK's RetryDecorator only reacts to thrown errors with an HTTP `code`,
 * which `apiRequest()` never throws, so another Client in the process cannot add a second retry layer here.
 */
import { Client } from '@hubspot/api-client';
import { NonJsonBody } from './errors.ts';
import type { CallKind } from './rate-limiter.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HubSpotRequest {
  /** Usage bucket: `list`, `search`, `batch-update`, `properties`... */
  readonly family: string;
  /** Limiter bucket; defaults to `standard`. */
  readonly kind?: CallKind;
  readonly method: HttpMethod;
  readonly path: string;
  readonly qs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** `application/x-www-form-urlencoded` body (OAuth token endpoint). */
  readonly form?: Readonly<Record<string, string>>;
  /** Send the bearer token (default true). */
  readonly auth?: boolean;
  /**
   * Sending it twice does what sending it once does, so a call whose answer was lost (a reset connection)
   * may be sent again. Default from the method and path: `isIdempotent` in retry.ts.
   */
  readonly idempotent?: boolean;
}

export interface HubSpotResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export function createSdkClient(baseUrl: string): Client {
  return new Client({ basePath: baseUrl.replace(/\/+$/, ''), numberOfApiCallRetries: 0 });
}

/** One request, no retries, no limiter: `api.ts` wraps it. */
export async function sendOnce(
  client: Client,
  req: HubSpotRequest,
  token: string | undefined,
): Promise<HubSpotResponse> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  const qs: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.qs ?? {})) if (value !== undefined) qs[key] = String(value);
  let body: unknown = req.body;
  if (req.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  const response = await client.apiRequest({
    method: req.method,
    path: req.path,
    ...(Object.keys(qs).length > 0 ? { qs } : {}),
    ...(body !== undefined ? { body } : {}),
    headers,
    // Our own Authorization header: tokens rotate without `setAccessToken()`, which resets global decorators.
    authType: 'none',
    defaultJson: req.form === undefined,
  });
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

/** JSON, or a `NonJsonBody` (the edge's HTML error page) that says what came instead. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new NonJsonBody(response.headers.get('content-type'), text);
  }
}
