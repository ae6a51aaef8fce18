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

/** fetch rejects with `TypeError('fetch failed')` and the socket error as `cause`. */
export function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (err instanceof TypeError && /fetch failed|network/i.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== err && isNetworkError(err.cause);
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
