/**
 * The pages of one keyset pull, narrowed into SystemModstamp windows when Salesforce answers
 * `QUERY_TIMEOUT` (query-window.ts decides the sizes). Until a stream times out it sends one query over
 * the whole range, exactly what it sent before (so a page `beginPoll` kept still matches). Each window's
 * query starts at the last row read and ends at the window's upper bound; the caller's cursor only ever
 * moves to rows it was given, so a split never skips or doubles a row.
 * Errors: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceClient } from './connection.ts';
import { isoTime } from './map.ts';
import type { KeptPages } from './poll-round.ts';
import { parseQueryResult, QUERY_OPTIONS, queryPages } from './query-pages.ts';
import {
  afterTimeout,
  afterWindow,
  initialWindow,
  NARROWEST_WINDOW_MS,
  windowEnd,
  windowTimeoutError,
} from './query-window.ts';
import type { SfQueryResult } from './schemas.ts';
import { keysetQuery, soqlDateTime, soqlIdentifier, type KeysetPosition } from './soql.ts';

export interface WindowedContext {
  readonly client: SalesforceClient;
  readonly logger: Logger;
  /** Window size per object once it has timed out; kept by the connector for the rest of the run. */
  readonly windows: Map<string, number>;
  readonly kept?: KeptPages;
}

export interface WindowedQuery {
  readonly object: string;
  readonly fields: readonly string[];
  readonly after: KeysetPosition | null;
  readonly signpost: Date;
  /** `sync.include`'s WHERE fragment for the object: only records inside it are read. */
  readonly where?: string;
}

export interface WindowedPage {
  readonly page: SfQueryResult;
  /** The page came from a narrowed window, not the one query over the whole range. */
  readonly windowed: boolean;
}

/**
 * The oldest stamp at or below the signpost, where a full pull's first window starts. Ordered by the
 * SystemModstamp index with `LIMIT 1`, so it reads one row, not the scan that timed out.
 */
export async function oldestStampMs(
  client: SalesforceClient,
  q: Pick<WindowedQuery, 'object' | 'signpost'>,
): Promise<number | null> {
  const object = soqlIdentifier(q.object);
  const soql = `SELECT Id, SystemModstamp FROM ${object} WHERE SystemModstamp <= ${soqlDateTime(q.signpost)} ORDER BY SystemModstamp, Id LIMIT 1`;
  const raw = await client.request({
    method: 'GET',
    path: `/queryAll?q=${encodeURIComponent(soql)}`,
    headers: QUERY_OPTIONS,
  });
  const ts = isoTime(parseQueryResult(raw, object).records[0]?.['SystemModstamp']);
  return ts === null ? null : Date.parse(ts);
}

export function isQueryTimeout(err: unknown): err is SyncError {
  return err instanceof SyncError && err.code === 'QUERY_TIMEOUT';
}

export async function* windowedPages(ctx: WindowedContext, q: WindowedQuery): AsyncGenerator<WindowedPage> {
  const signpostMs = q.signpost.getTime();
  let readAt = q.after;
  let state = initialWindow(readAt ? Date.parse(readAt.ts) : null, ctx.windows.get(q.object));
  for (;;) {
    if (state.sizeMs !== undefined && state.coveredMs === null) {
      const oldest = await oldestStampMs(ctx.client, q);
      if (oldest === null) return;
      state = { ...state, coveredMs: oldest - NARROWEST_WINDOW_MS };
    }
    const endMs =
      state.coveredMs === null ? signpostMs : windowEnd(state.coveredMs, signpostMs, state.sizeMs);
    const soql = keysetQuery({
      object: q.object,
      fields: q.fields,
      after: readAt,
      signpost: new Date(endMs),
      ...(q.where === undefined ? {} : { where: q.where }),
    });
    let pages = 0;
    let rows = 0;
    try {
      for await (const page of queryPages(ctx.client, soql, {
        all: true,
        first: ctx.kept?.take(soql),
        kept: ctx.kept,
      })) {
        pages++;
        rows += page.records.length;
        const last = page.records.at(-1);
        const ts = last ? isoTime(last['SystemModstamp']) : null;
        if (last && ts) readAt = { ts, id: last.Id };
        yield { page, windowed: state.sizeMs !== undefined };
      }
    } catch (err) {
      // A timeout after the first page (on queryMore) leaves rows half read: that is the caller's retry.
      if (pages > 0 || !isQueryTimeout(err)) throw err;
      let coveredMs = state.coveredMs;
      if (coveredMs === null) {
        const oldest = await oldestStampMs(ctx.client, q);
        if (oldest === null) throw err;
        coveredMs = oldest - NARROWEST_WINDOW_MS;
      }
      const step = afterTimeout(state, coveredMs, endMs);
      if ('exhausted' in step)
        throw windowTimeoutError(q.object, coveredMs, endMs, step.exhausted.timeouts, err);
      const narrowed = step.state.sizeMs !== state.sizeMs;
      state = step.state;
      if (narrowed && state.sizeMs !== undefined) {
        ctx.windows.set(q.object, state.sizeMs);
        const window = { from: new Date(coveredMs).toISOString(), to: new Date(endMs).toISOString() };
        ctx.logger.info(
          { object: q.object, ...window, windowMs: state.sizeMs },
          'QUERY_TIMEOUT: narrowing the window',
        );
      }
      continue;
    }
    const next = afterWindow(state, endMs, signpostMs, rows);
    if (next === null) return;
    state = next;
  }
}
