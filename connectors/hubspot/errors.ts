/**
 * HubSpot failures, classified once into the closed `FailureKind` union (style rule 4). Status codes and
 * categories follow https://developers.hubspot.com/docs/api-reference/error-handling; 429 bodies carry
 * `policyName` (`TEN_SECONDLY_ROLLING` | `DAILY`), search's secondly limit only its message.
 */
import { z } from 'zod';
import { SyncError } from '../../src/lib/errors.ts';
import type { HsErrorBody } from './schemas.ts';

/** A non-2xx answer from HubSpot, with what classification and logs need (never the request headers). */
export class HubSpotHttpError extends Error {
  readonly status: number;
  readonly body: HsErrorBody;
  readonly method: string;
  readonly path: string;
  /** `Retry-After` in ms when the response carried one (delta-seconds or HTTP date). */
  readonly retryAfterMs: number | undefined;

  constructor(
    status: number,
    body: HsErrorBody,
    method: string,
    path: string,
    retryAfterMs: number | undefined,
  ) {
    super(`HubSpot ${method} ${path} answered ${status}: ${body.message ?? body.category ?? 'no message'}`);
    this.name = 'HubSpotHttpError';
    this.status = status;
    this.body = body;
    this.method = method;
    this.path = path;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * An answer whose body is not JSON: typically the edge's HTML page for a 502/504, sent before HubSpot saw
 * the call. Kept as its content type and first bytes, so no JSON parser turns it into a puzzle.
 */
export class NonJsonBody {
  readonly contentType: string;
  /** The body's first bytes, line breaks folded. */
  readonly head: string;

  constructor(contentType: string | null, text: string) {
    this.contentType = contentType ?? 'no content type';
    this.head = text
      .slice(0, NON_JSON_HEAD_CHARS * 4)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, NON_JSON_HEAD_CHARS);
  }

  describe(): string {
    return `${this.contentType} answer, not JSON: ${this.head}`;
  }
}

const NON_JSON_HEAD_CHARS = 120;

export const SECONDLY_LIMIT_MESSAGE = 'You have reached your secondly limit.';

export type RateLimitPolicy = 'daily' | 'ten-secondly' | 'secondly';

/** Which 429 this is: `policyName` when present, else the search message, else the 10-s window. */
export function rateLimitPolicy(err: HubSpotHttpError): RateLimitPolicy {
  const policy = err.body.policyName?.toUpperCase();
  if (policy === 'DAILY' || /daily limit/i.test(err.body.message ?? '')) return 'daily';
  if (policy === 'TEN_SECONDLY_ROLLING') return 'ten-secondly';
  if (err.body.message === SECONDLY_LIMIT_MESSAGE || /secondly limit/i.test(err.body.message ?? '')) {
    return 'secondly';
  }
  return 'ten-secondly';
}

/** 5xx plus HubSpot's own 52x/477 family: pause, then retry. */
export function isServerSide(status: number): boolean {
  return status >= 500 || status === 477;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** Errors that mean the request never reached HubSpot: a retry cannot apply anything twice. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

/** True when the network failure happened before the request left (refused, name lookup). */
export function isUnsentNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string' && UNSENT_CODES.has(code)) return true;
  return err.cause !== undefined && err.cause !== err && isUnsentNetworkError(err.cause);
}

/** fetch rejects with `TypeError('fetch failed')` and the socket error as `cause`. */
export function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (err instanceof TypeError && /fetch failed|network/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && isNetworkError(err.cause);
}

/** A write whose connection broke after it left: not sent again inline, since HubSpot may have applied it. */
export function answerLost(err: unknown, method: string, path: string): SyncError {
  return new SyncError(
    'transient',
    'HUBSPOT_ANSWER_LOST',
    `HubSpot ${method} ${path}: the connection broke before the answer (${String(err)}); HubSpot may have applied it, so it is not sent again inline`,
    { method, path },
    err instanceof Error ? { cause: err } : {},
  );
}

/** A 2xx whose body is not JSON (an edge page passed through): named, never parsed. */
export function nonJsonSuccess(status: number, body: NonJsonBody, method: string, path: string): SyncError {
  return new SyncError(
    'transient',
    'HUBSPOT_NON_JSON',
    `HubSpot ${method} ${path} answered ${status} with ${body.describe()}`,
    { status, method, path, contentType: body.contentType },
  );
}

/**
 * A 2xx answer that does not match the endpoint's schema: the call and the first issues, each with
 * where in the answer it is, so the log says which request met which shape (never the whole body).
 */
export function badShape(error: z.ZodError, method: string, path: string): SyncError {
  const issues = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(the answer)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return new SyncError(
    'config',
    'HUBSPOT_BAD_RESPONSE',
    `HubSpot ${method} ${path} answered an unexpected shape: ${issues.join('; ')}${more}`,
    { method, path, issues: error.issues.slice(0, 3) },
    { cause: error },
  );
}

/** Classify anything thrown below the connector edge into a `SyncError`. */
export function toSyncError(err: unknown, retryAfterMs?: number): SyncError {
  if (err instanceof SyncError) return err;
  if (err instanceof HubSpotHttpError) return fromHttp(err, retryAfterMs);
  const cause = err instanceof Error ? { cause: err } : {};
  if (isNetworkError(err)) {
    return new SyncError('transient', 'HUBSPOT_NETWORK', `HubSpot unreachable: ${String(err)}`, {}, cause);
  }
  if (err instanceof z.ZodError) {
    return new SyncError(
      'config',
      'HUBSPOT_BAD_RESPONSE',
      `HubSpot answered an unexpected shape: ${err.message}`,
      {},
      cause,
    );
  }
  return new SyncError('transient', 'HUBSPOT_UNKNOWN', `HubSpot call failed: ${String(err)}`, {}, cause);
}

function fromHttp(err: HubSpotHttpError, retryAfterMs: number | undefined): SyncError {
  const context = {
    status: err.status,
    method: err.method,
    path: err.path,
    category: err.body.category ?? null,
  };
  const options = { cause: err, retryAfterMs: retryAfterMs ?? err.retryAfterMs };
  const message = err.message;
  if (err.status === 429) {
    const policy = rateLimitPolicy(err);
    return new SyncError(
      'rate_limited',
      `HUBSPOT_RATE_LIMIT_${policy.toUpperCase().replace('-', '_')}`,
      message,
      context,
      options,
    );
  }
  if (err.status === 401) return new SyncError('auth', 'HUBSPOT_UNAUTHORIZED', message, context, options);
  if (err.status === 403) {
    const scopes = err.body.context?.['missingScopes'];
    const code = scopes ? 'HUBSPOT_MISSING_SCOPES' : 'HUBSPOT_FORBIDDEN';
    return new SyncError('auth', code, message, { ...context, missingScopes: scopes ?? [] }, options);
  }
  if (err.status === 423) return new SyncError('transient', 'HUBSPOT_LOCKED', message, context, options);
  if (isServerSide(err.status))
    return new SyncError('transient', `HUBSPOT_HTTP_${err.status}`, message, context, options);
  if (err.status === 404) return new SyncError('config', 'HUBSPOT_NOT_FOUND', message, context, options);
  if (err.status === 409) return new SyncError('record', 'HUBSPOT_CONFLICT', message, context, options);
  return new SyncError(
    'config',
    err.body.category ?? `HUBSPOT_HTTP_${err.status}`,
    message,
    context,
    options,
  );
}
