/**
 * The REST API's request-level error: an HTTP status plus a JSON array of `{message, errorCode,
 * fields?}` (per-record save errors use `statusCode` instead and travel in SaveResults).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';

export interface SfResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body, a raw string (CSV) or undefined for 204. */
  body?: unknown;
  raw?: string;
  /** Destroy the connection after the headers and half the body (an injected reset). */
  reset?: boolean;
}

export class ApiError extends LeadloopError {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: readonly string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: readonly string[]) {
    super(errorCode, message, { status });
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toResponse(): SfResponse {
    const body = this.fields
      ? { message: this.message, errorCode: this.errorCode, fields: this.fields }
      : { message: this.message, errorCode: this.errorCode };
    return { status: this.status, body: [body] };
  }
}

export const notFound = (what = 'The requested resource does not exist'): ApiError =>
  new ApiError(404, 'NOT_FOUND', what);
