/**
 * SOQL through REST: `queryAll` (deleted and archived rows included, `IsDeleted = true`) then `queryMore`
 * by `nextRecordsUrl` until `done`. Each page is one API call; `Sforce-Query-Options: batchSize=2000`
 * asks for the largest batch (Salesforce may return fewer).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { SalesforceClient } from './connection.ts';
import { instancePath } from './instance-path.ts';
import type { KeptPages } from './poll-round.ts';
import { SfQueryResult } from './schemas.ts';
import { parseAnswer } from './parse-answer.ts';

export const QUERY_OPTIONS = { 'Sforce-Query-Options': 'batchSize=2000' } as const;
/** Salesforce's smallest batch; bounds the page loop at ⌈totalSize / 200⌉ + 1 pages. */
const MIN_BATCH = 200;

export function parseQueryResult(body: unknown, soqlHint: string): SfQueryResult {
  const from = /\bFROM\s+(\w+)/i.exec(soqlHint)?.[1];
  return parseAnswer(SfQueryResult, body, from ? `the ${from} query` : `the query ${soqlHint}`);
}

/**
 * Next page of a query by its `nextRecordsUrl` (`/services/data/vXX.X/query/01g...-2000`), only on the
 * session's own instance.
 */
export async function queryMore(
  client: SalesforceClient,
  nextRecordsUrl: string,
  hint: string,
): Promise<SfQueryResult> {
  const path = instancePath(nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
  return parseQueryResult(await client.request({ method: 'GET', path, headers: QUERY_OPTIONS }), hint);
}

/**
 * Pages of one SOQL query, first to last. `all` uses `queryAll` so deletions are seen. With `kept`, each
 * next page goes through it, sharing its call with other streams' next pages (poll-round.ts).
 */
export async function* queryPages(
  client: SalesforceClient,
  soql: string,
  options: { all: boolean; first?: SfQueryResult; kept?: KeptPages },
): AsyncGenerator<SfQueryResult> {
  const hint = soql.slice(0, soql.indexOf(' WHERE') > 0 ? soql.indexOf(' WHERE') : 80);
  let page =
    options.first ??
    parseQueryResult(
      await client.request({
        method: 'GET',
        path: `/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`,
        headers: QUERY_OPTIONS,
      }),
      hint,
    );
  const maxPages = Math.ceil(page.totalSize / MIN_BATCH) + 2;
  // A locator handed back twice would read the same rows again until maxPages: stop at the repeat.
  const followed = new Set<string>();
  const object = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? hint;
  for (let n = 1; ; n++) {
    yield page;
    if (page.done || !page.nextRecordsUrl) return;
    if (followed.has(page.nextRecordsUrl)) {
      throw new SyncError(
        'transient',
        'SF_PAGING_LOOP',
        `Salesforce handed back the query locator ${page.nextRecordsUrl} twice while reading the ${object} query; the read stops instead of looping`,
        { object, nextRecordsUrl: page.nextRecordsUrl },
      );
    }
    followed.add(page.nextRecordsUrl);
    if (n >= maxPages) {
      throw new SyncError('transient', 'SF_QUERY_RUNAWAY', `query did not finish within ${maxPages} pages`, {
        hint,
      });
    }
    page = options.kept
      ? await nextVia(options.kept, client, page.nextRecordsUrl, hint)
      : await queryMore(client, page.nextRecordsUrl, hint);
  }
}

async function nextVia(
  kept: KeptPages,
  client: SalesforceClient,
  nextRecordsUrl: string,
  hint: string,
): Promise<SfQueryResult> {
  const next = instancePath(nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
  const page = (await kept.next(client, [{ key: hint, next }], 'get')).get(hint);
  if (!page) throw new SyncError('transient', 'SF_COMPOSITE_MISSING', `no next page for ${hint}`, { hint });
  return page;
}
