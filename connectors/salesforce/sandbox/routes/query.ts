/**
 * SOQL `query` / `queryAll` and their `nextRecordsUrl` continuation. Page size comes from
 * `Sforce-Query-Options: batchSize=N` (200..2000, default 2000), capped by the sandbox's
 * `maxQueryBatchSize`, and cut to 200 for wide selections (two or more long text areas), as the real
 * server may. The first call snapshots the result; later pages read that snapshot.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
import { ApiError } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import type { QueryCursor } from '../query-cursors.ts';
import { executeQuery, type QueryResultSet } from '../soql/execute-query.ts';
import { projectRecord } from '../soql/project-record.ts';
import type { QuerySource } from '../soql/resolve-path.ts';
import { SoqlError } from '../soql/soql-error.ts';
import { json, type Route } from './route.ts';

export function batchSizeFor(ctx: SandboxContext, req: SfRequest, result: QueryResultSet): number {
  const m = /batchSize\s*=\s*(\d+)/i.exec(req.headers['sforce-query-options'] ?? '');
  const requested = m ? Math.min(2000, Math.max(200, Number(m[1]))) : 2000;
  let size = Math.min(requested, ctx.options.maxQueryBatchSize);
  const longText = result.bound.columns.filter(
    (c) => c.kind === 'path' && c.path.field.type === 'textarea' && c.path.field.length > 255,
  ).length;
  if (longText >= 2) size = Math.min(size, 200);
  return Math.max(1, size);
}

/** Runs SOQL and maps parser/binder errors to the API's 400 error array. */
export function runSoql(source: QuerySource, soql: string | null, includeDeleted: boolean): QueryResultSet {
  if (!soql || soql.trim() === '')
    throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    return executeQuery(source, soql, includeDeleted);
  } catch (err) {
    if (err instanceof SoqlError) throw new ApiError(400, err.errorCode, err.message);
    throw err;
  }
}

function page(
  source: QuerySource,
  result: QueryResultSet,
  offset: number,
  size: number,
  cursor: QueryCursor | null,
  version: string,
) {
  const { bound } = result;
  if (bound.countOnly) return { totalSize: result.totalSize, done: true, records: [] };
  if (bound.aggregate) {
    const agg = bound.aggregate;
    const n = agg.path ? result.rows.filter((r) => agg.path?.get(r) !== null).length : result.totalSize;
    return {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'AggregateResult' }, [agg.alias]: n }],
    };
  }
  const end = Math.min(result.rows.length, offset + size);
  const records = [];
  for (let i = offset; i < end; i++)
    records.push(projectRecord(source, result, result.rows[i] as (typeof result.rows)[number], version));
  const done = end >= result.rows.length;
  return {
    totalSize: result.totalSize,
    done,
    ...(done || !cursor ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor.id}-${end}` }),
    records,
  };
}

/**
 * A query that targets more rows than `queryTimeoutRows` stands for an unselective scan that runs past the
 * server's limit: it fails the same way every time, however often it is retried, until the filter narrows.
 */
function assertWithinScanLimit(ctx: SandboxContext, result: QueryResultSet): void {
  if (result.totalSize > ctx.options.queryTimeoutRows) {
    throw new ApiError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
  }
}

/** The first page of a query (used by `/query`, `/queryAll` and composite subrequests). */
export function firstPage(
  ctx: SandboxContext,
  req: SfRequest,
  source: QuerySource,
  includeDeleted: boolean,
  check?: (result: QueryResultSet) => void,
) {
  const result = runSoql(source, req.query.get('q'), includeDeleted);
  assertWithinScanLimit(ctx, result);
  check?.(result);
  const size = batchSizeFor(ctx, req, result);
  const cursor =
    result.rows.length > size && !result.bound.countOnly && !result.bound.aggregate
      ? ctx.cursors.open(result, size)
      : null;
  return page(source, result, 0, size, cursor, req.version);
}

function more(ctx: SandboxContext, req: SfRequest) {
  const locator = req.params[0] ?? '';
  const m = /^(.+)-(\d+)$/.exec(locator);
  const cursor = m ? ctx.cursors.get(m[1] as string) : undefined;
  const offset = m ? Number(m[2]) : NaN;
  if (!cursor || !(offset >= 0 && offset <= cursor.result.rows.length)) {
    throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  const body = page(ctx.store, cursor.result, offset, cursor.batchSize, cursor, req.version);
  if (body.done) ctx.cursors.close(cursor.id);
  return json(body);
}

export const queryRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/query\/?$/,
    endpoint: 'query',
    compositeKind: 'query',
    handler: (ctx, req) => json(firstPage(ctx, req, ctx.store, false)),
  },
  {
    method: 'GET',
    pattern: /^\/queryAll\/?$/,
    endpoint: 'queryAll',
    compositeKind: 'query',
    handler: (ctx, req) => json(firstPage(ctx, req, ctx.store, true)),
  },
  {
    method: 'GET',
    pattern: /^\/query(?:All)?\/([^/?]+)\/?$/,
    endpoint: 'queryMore',
    compositeKind: 'query',
    handler: more,
  },
];
