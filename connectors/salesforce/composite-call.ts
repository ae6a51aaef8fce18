/**
 * One `POST /composite` call of mixed subrequests (creates, reads, queries, sObject Collections), answered
 * per subrequest by reference id. A later subrequest can name an earlier one's answer as `@{ref.path}`;
 * with `allOrNone: false` a failed subrequest fails only those that reference it. The whole call counts as
 * one API call.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { SalesforceClient } from './connection.ts';
import { parseAnswer } from './parse-answer.ts';
import { SfApiError, SfCompositeResponse } from './schemas.ts';
import { toSyncError } from './errors.ts';

export interface CompositeSub {
  readonly referenceId: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Under the data API (`/sobjects/Lead/describe`); `@{ref.path}` references are left as written. */
  readonly path: string;
  readonly body?: unknown;
}

export interface CompositeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A SOQL query subrequest path. The SOQL is URL-encoded except its `@{ref.path}` references, which the
 * composite resource substitutes in the URL as written (the resource page's query example does the same).
 */
export function queryPath(soql: string): string {
  return `/query?q=${encodeURIComponent(soql).replace(/%40%7B(.*?)%7D/g, (_, ref: string) => `@{${decodeURIComponent(ref)}}`)}`;
}

export const ok = (answer: CompositeAnswer | undefined): answer is CompositeAnswer =>
  answer !== undefined && answer.status >= 200 && answer.status < 300;

/** The error a subrequest answered with, classified like a direct call's. */
export function subrequestError(
  answer: CompositeAnswer | undefined,
  context: Record<string, unknown>,
): SyncError {
  if (!answer)
    return new SyncError('transient', 'SF_COMPOSITE_MISSING', 'composite answer lacks a subrequest', context);
  const first = SfApiError.safeParse(Array.isArray(answer.body) ? answer.body[0] : answer.body);
  const code = first.success ? first.data.errorCode : `ERROR_HTTP_${answer.status}`;
  const message = first.success ? (first.data.message ?? code) : `subrequest answered ${answer.status}`;
  return toSyncError(Object.assign(new Error(message), { errorCode: code }), context);
}

export async function compositeCall(
  client: SalesforceClient,
  subs: readonly CompositeSub[],
  options: { readonly idempotent: boolean; readonly what: string },
): Promise<Map<string, CompositeAnswer>> {
  const raw = await client.request({
    method: 'POST',
    path: '/composite',
    body: {
      allOrNone: false,
      compositeRequest: subs.map((s) => ({
        method: s.method,
        url: client.dataPath(s.path),
        referenceId: s.referenceId,
        ...(s.body === undefined ? {} : { body: s.body }),
      })),
    },
    idempotent: options.idempotent,
  });
  const answer = parseAnswer(SfCompositeResponse, raw, `POST /composite (${options.what})`);
  return new Map(
    answer.compositeResponse.map((r) => [r.referenceId, { status: r.httpStatusCode, body: r.body }]),
  );
}
