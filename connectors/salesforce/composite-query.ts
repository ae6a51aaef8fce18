/**
 * Several query / queryMore reads packed into one `POST /composite` call: up to 25 subrequests of which
 * at most 5 may be queries, and the whole request counts as one API call (limits A2/A5: ⌈q/5⌉ calls).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
import type { SalesforceClient } from './connection.ts';
import { SfApiError, SfCompositeResponse, type SfQueryResult } from './schemas.ts';
import { parseQueryResult, QUERY_OPTIONS } from './query-pages.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { toSyncError } from './errors.ts';
import { parseAnswer } from './parse-answer.ts';

export const MAX_COMPOSITE_QUERIES = 5;

/** One read: a fresh SOQL (via queryAll) or the `nextRecordsUrl` of an earlier page. */
export type QueryRead =
  { readonly key: string; readonly soql: string } | { readonly key: string; readonly next: string };

function subrequestUrl(client: SalesforceClient, read: QueryRead): string {
  return 'soql' in read ? client.dataPath(`/queryAll?q=${encodeURIComponent(read.soql)}`) : read.next;
}

/** Runs up to five reads in one composite call; each read's page, or the error its subrequest answered. */
async function compositeBatch(
  client: SalesforceClient,
  reads: readonly QueryRead[],
): Promise<Map<string, SfQueryResult | SyncError>> {
  const body = {
    allOrNone: false,
    compositeRequest: reads.map((read, i) => ({
      method: 'GET',
      url: subrequestUrl(client, read),
      referenceId: `q${i}`,
      httpHeaders: QUERY_OPTIONS,
    })),
  };
  const raw = await client.request({ method: 'POST', path: '/composite', body, idempotent: true });
  const response = parseAnswer(SfCompositeResponse, raw, 'POST /composite (queries)');
  const out = new Map<string, SfQueryResult | SyncError>();
  reads.forEach((read, i) => {
    const sub = response.compositeResponse.find((r) => r.referenceId === `q${i}`);
    if (!sub) {
      out.set(
        read.key,
        new SyncError('transient', 'SF_COMPOSITE_MISSING', `composite answer lacks subrequest q${i}`),
      );
    } else if (sub.httpStatusCode >= 400) {
      const first = SfApiError.safeParse(Array.isArray(sub.body) ? sub.body[0] : sub.body);
      const err = Object.assign(
        new Error(first.success ? (first.data.message ?? first.data.errorCode) : 'query failed'),
        {
          errorCode: first.success ? first.data.errorCode : `ERROR_HTTP_${sub.httpStatusCode}`,
        },
      );
      out.set(read.key, toSyncError(err, { key: read.key }));
    } else {
      out.set(read.key, parseQueryResult(sub.body, read.key));
    }
  });
  return out;
}

/**
 * All reads, in ⌈reads/5⌉ composite calls, each answered on its own: a subrequest Salesforce refused is its
 * `SyncError`, the others' pages stand (`allOrNone: false`). A failed call itself throws.
 */
export async function compositeQueriesSettled(
  client: SalesforceClient,
  reads: readonly QueryRead[],
): Promise<Map<string, SfQueryResult | SyncError>> {
  const out = new Map<string, SfQueryResult | SyncError>();
  for (let i = 0; i < reads.length; i += MAX_COMPOSITE_QUERIES) {
    for (const [k, v] of await compositeBatch(client, reads.slice(i, i + MAX_COMPOSITE_QUERIES)))
      out.set(k, v);
  }
  return out;
}

/** All reads, in ⌈reads/5⌉ composite calls; the first refused subrequest throws its `SyncError`. */
export async function compositeQueries(
  client: SalesforceClient,
  reads: readonly QueryRead[],
): Promise<Map<string, SfQueryResult>> {
  const out = new Map<string, SfQueryResult>();
  for (const [k, v] of await compositeQueriesSettled(client, reads)) {
    if (v instanceof SyncError) throw v;
    out.set(k, v);
  }
  return out;
}
