/**
 * HubSpot error bodies, exactly as the docs show them
 * (https://developers.hubspot.com/docs/api-reference/error-handling): `{status:'error', message,
 * correlationId, category, ...}`. Handlers throw `HubSpotHttpError`; the server turns it into a response.
 */
import { randomUUID } from 'node:crypto';

export type ErrorBody = Record<string, unknown> & { status: 'error'; message: string; correlationId: string };

export class HubSpotHttpError extends Error {
  readonly httpStatus: number;
  readonly body: ErrorBody;

  constructor(httpStatus: number, body: ErrorBody) {
    super(body.message);
    this.name = 'HubSpotHttpError';
    this.httpStatus = httpStatus;
    this.body = body;
  }
}

export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function validationError(message: string, extra: Record<string, unknown> = {}): HubSpotHttpError {
  return new HubSpotHttpError(400, errorBody('VALIDATION_ERROR', message, extra));
}

export function notFound(message = 'Resource not found'): HubSpotHttpError {
  return new HubSpotHttpError(404, errorBody('OBJECT_NOT_FOUND', message));
}

export function unauthorized(message: string, category = 'INVALID_AUTHENTICATION'): HubSpotHttpError {
  return new HubSpotHttpError(401, errorBody(category, message));
}

export function conflict(message: string, category = 'CONFLICT'): HubSpotHttpError {
  return new HubSpotHttpError(409, errorBody(category, message));
}

/** 429 bodies: REST windows name the policy; search's per-second limit uses the bare "secondly" body. */
export function rateLimitBody(
  policy: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY',
  groupName: string,
): Record<string, unknown> {
  if (policy === 'SECONDLY') {
    return { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' };
  }
  const message =
    policy === 'DAILY'
      ? 'You have reached your daily limit.'
      : 'You have reached your ten_secondly_rolling limit.';
  return {
    status: 'error',
    message,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    // The documented 429 body names the request too (usage guidelines example).
    requestId: randomUUID(),
    groupName,
  };
}

/** One per-property problem, in the shape HubSpot embeds (as JSON) in a VALIDATION_ERROR message. */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

export function propertyProblemsMessage(problems: readonly PropertyProblem[], portalId: number): string {
  const details = problems.map((p) => ({
    isValid: false,
    message: p.message,
    error: p.error,
    name: p.name,
    localizedErrorMessage: p.message,
    portalId,
  }));
  return `Property values were not valid: ${JSON.stringify(details)}`;
}

/** A `StandardError` for one failed input of a batch (207 multi-status). */
export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]>,
  errors: Array<Record<string, unknown>> = [],
): Record<string, unknown> {
  return { status: 'error', category, message, context, errors, links: {} };
}
