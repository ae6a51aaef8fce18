/**
 * Classifies every Salesforce failure once, at the connector edge, into the closed `FailureKind` union
 * (style rule 4). jsforce throws an unexported `HttpApiError` whose `errorCode` is Salesforce's own code
 * (`INVALID_SESSION_ID`, `REQUEST_LIMIT_EXCEEDED`...) or `ERROR_HTTP_<status>` when the body was not JSON,
 * so we classify by that string. OAuth failures carry the OAuth `error` (`invalid_grant`) as `name`.
 * Codes: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { FailureKind, RecordFailure } from '../../src/domain/write.ts';

/**
 * Salesforce gives no Retry-After for `REQUEST_LIMIT_EXCEEDED`: the daily allocation is a rolling 24 h
 * window, so re-check in an hour rather than hammering (limits-and-reliability A2, B2).
 */
export const QUOTA_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * `REQUEST_LIMIT_EXCEEDED` also refuses a call when the org already runs its cap of concurrent long
 * requests ("ConcurrentPerOrgLongTxn Limit exceeded", "ConcurrentRequests ... Limit exceeded"). Only the
 * message tells it from the daily `TotalRequests` limit, and it clears as soon as a slot frees: a short
 * backoff with jitter, not an hour's wait.
 */
const CONCURRENT_LIMIT = /\bConcurrent\w*\b.*Limit exceeded/i;

/** Whether a `REQUEST_LIMIT_EXCEEDED` message names a concurrency limit rather than the daily allocation. */
export function isConcurrencyLimit(message: string): boolean {
  return CONCURRENT_LIMIT.test(message);
}

const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'INVALID_QUERY_LOCATOR',
  'UNKNOWN_EXCEPTION',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
]);

const CONFIG_CODES = new Set([
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_QUERY_FILTER_OPERATOR',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'JSON_PARSER_ERROR',
  'API_DISABLED_FOR_ORG',
  'INSUFFICIENT_ACCESS',
  'FUNCTIONALITY_NOT_ENABLED',
  'INVALID_OPERATION',
]);

const AUTH_CODES = new Set([
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
  'API_CURRENTLY_DISABLED',
  'INVALID_LOGIN',
]);

/** OAuth token-endpoint errors (`{"error":"invalid_grant",...}`): re-auth needed, never a retry storm. */
const OAUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'invalid_client_id', 'unauthorized_client']);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** Kind of one Salesforce error code, request-level or per-record. */
export function classifyCode(code: string): FailureKind {
  if (code === 'REQUEST_LIMIT_EXCEEDED') return 'rate_limited';
  if (AUTH_CODES.has(code) || OAUTH_ERRORS.has(code)) return 'auth';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (CONFIG_CODES.has(code)) return 'config';
  const http = /^ERROR_HTTP_(\d{3})$/.exec(code);
  if (http) {
    const status = Number(http[1]);
    if (status === 401 || status === 403) return 'auth';
    if (status === 429 || status === 420) return 'rate_limited';
    return status >= 500 ? 'transient' : 'config';
  }
  // Any other Salesforce code is an explicit rejection of what we sent: fix the config, don't retry.
  return 'config';
}

function stringProp(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v: unknown = Reflect.get(value, key);
  return typeof v === 'string' ? v : undefined;
}

/** The Salesforce code an error carries, looking through jsforce's `MULTIPLE_API_ERRORS` wrapper. */
export function errorCodeOf(err: unknown): string | undefined {
  const code = stringProp(err, 'errorCode');
  if (code === 'MULTIPLE_API_ERRORS') {
    const data: unknown = typeof err === 'object' && err !== null ? Reflect.get(err, 'data') : undefined;
    if (Array.isArray(data)) return stringProp(data[0], 'errorCode') ?? code;
  }
  return code;
}

/** Turns anything jsforce, fetch or our own code threw into a `SyncError` with a stable code. */
export function toSyncError(err: unknown, context: Record<string, unknown> = {}): SyncError {
  if (err instanceof SyncError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  const code = errorCodeOf(err);
  if (code) {
    // jsforce's text for an HTML answer goes on for lines, suggesting the org may not exist: a 5xx page
    // comes from a proxy in front of a live org, so say that in one line.
    if (/^ERROR_HTTP_5\d\d$/.test(code) && message.startsWith('HTTP response contains html content')) {
      const status = code.slice('ERROR_HTTP_'.length);
      return new SyncError(
        'transient',
        code,
        `Salesforce ${code}: HTTP ${status} with an HTML page instead of the API's JSON (a proxy or gateway in front of the org answered)`,
        context,
        { cause: err },
      );
    }
    const kind =
      code === 'REQUEST_LIMIT_EXCEEDED' && isConcurrencyLimit(message) ? 'transient' : classifyCode(code);
    const retryAfterMs = kind === 'rate_limited' ? QUOTA_RETRY_AFTER_MS : undefined;
    return new SyncError(kind, code, `Salesforce ${code}: ${message}`, context, { cause: err, retryAfterMs });
  }
  if (OAUTH_ERRORS.has(name)) {
    return new SyncError(
      'auth',
      `SF_OAUTH_${name.toUpperCase()}`,
      `Salesforce OAuth ${name}: ${message}`,
      context,
      {
        cause: err,
      },
    );
  }
  // jsforce's SessionRefreshDelegate rethrows refresh failures as a plain Error with this prefix.
  if (message.startsWith('Unable to refresh session')) {
    return new SyncError(
      'auth',
      'SF_REFRESH_FAILED',
      `Salesforce session refresh failed: ${message}`,
      context,
      {
        cause: err,
      },
    );
  }
  const causeCode =
    stringProp(err instanceof Error ? err.cause : undefined, 'code') ?? stringProp(err, 'code');
  if (
    (causeCode && NETWORK_CODES.has(causeCode)) ||
    (err instanceof TypeError && /fetch failed/i.test(message))
  ) {
    return new SyncError('transient', 'SF_NETWORK', `Salesforce unreachable: ${message}`, context, {
      cause: err,
    });
  }
  return new SyncError('transient', 'SF_UNKNOWN', `Salesforce call failed: ${message}`, context, {
    cause: err,
  });
}

/** One per-record error from a SaveResult (`statusCode`, not `errorCode`) as a domain `RecordFailure`. */
export function toRecordFailure(error: {
  statusCode?: string | null;
  errorCode?: string | null;
  message?: string | null;
  fields?: readonly string[] | null;
}): RecordFailure {
  const code = error.statusCode ?? error.errorCode ?? 'UNKNOWN';
  // Validation rules, duplicates, restricted picklists...: this record is wrong, the batch is fine.
  const recordKind: FailureKind = TRANSIENT_CODES.has(code)
    ? 'transient'
    : CONFIG_CODES.has(code)
      ? 'config'
      : 'record';
  return {
    kind: recordKind,
    retryable: recordKind === 'transient',
    code,
    message: error.message ?? code,
    fields: [...(error.fields ?? [])],
  };
}
