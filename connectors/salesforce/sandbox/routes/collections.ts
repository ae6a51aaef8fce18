/**
 * sObject Collections: create (POST), update (PATCH), upsert (PATCH /{SObject}/{ExternalIdField}),
 * retrieve (GET ?ids=&fields=, or POST {ids, fields}) and delete (DELETE ?ids=&allOrNone=). Up to 200
 * records; HTTP 200 with one SaveResult per record, in request order, even when records fail.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import { ApiError } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { isIdShaped, to18 } from '../ids.ts';
import { saveContextOf } from '../write/lead-assignment.ts';
import { deleteRecords, saveRecords, type SaveOperation } from '../write/save-records.ts';
import { tableOrNotFound } from './describe.ts';
import { json, type Route } from './route.ts';
import { recordJson } from './sobject-rows.ts';

const MAX_RECORDS = 200;
/** A list of several object types is saved in runs of one type, at most this many a request. */
const MAX_TYPE_RUNS = 10;

const typeRuns = (records: readonly Record<string, unknown>[]): number => {
  let runs = 0;
  let previous: unknown;
  records.forEach((r, i) => {
    const attributes = r['attributes'];
    const type =
      typeof attributes === 'object' && attributes !== null ? Reflect.get(attributes, 'type') : undefined;
    if (i === 0 || type !== previous) runs += 1;
    previous = type;
  });
  return runs;
};

function tooMany(): ApiError {
  return new ApiError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
  );
}

function save(op: SaveOperation) {
  return (ctx: SandboxContext, req: SfRequest) => {
    const body = req.body as { allOrNone?: unknown; records?: unknown } | undefined;
    if (!body || !Array.isArray(body.records))
      throw new ApiError(
        400,
        'JSON_PARSER_ERROR',
        'The request body must be {"allOrNone": boolean, "records": [...]}',
      );
    if (body.records.length > MAX_RECORDS) throw tooMany();
    const records = body.records.map((r) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r))
        throw new ApiError(400, 'JSON_PARSER_ERROR', 'Each record must be a JSON object');
      return r as Record<string, unknown>;
    });
    if (op !== 'upsert' && typeRuns(records) > MAX_TYPE_RUNS)
      throw new ApiError(
        400,
        'INVALID_BATCH_REQUEST',
        `a request can process at most ${MAX_TYPE_RUNS} chunks of one object type; order the records by type`,
      );
    const upsert =
      op === 'upsert'
        ? {
            sobject: decodeURIComponent(req.params[0] ?? ''),
            externalIdField: decodeURIComponent(req.params[1] ?? ''),
          }
        : undefined;
    return json(saveRecords(saveContextOf(ctx, req), op, records, body.allOrNone === true, upsert));
  };
}

function retrieve(ctx: SandboxContext, req: SfRequest) {
  const table = tableOrNotFound(ctx, req.params[0] ?? '');
  const body = (req.method === 'POST' ? req.body : undefined) as
    { ids?: unknown; fields?: unknown } | undefined;
  const ids = Array.isArray(body?.ids)
    ? body.ids.map(String)
    : (req.query.get('ids') ?? '').split(',').filter(Boolean);
  const fields = Array.isArray(body?.fields)
    ? body.fields.map(String)
    : (req.query.get('fields') ?? '').split(',').filter(Boolean);
  if (fields.length === 0) throw new ApiError(400, 'MISSING_ARGUMENT', 'fields parameter is required');
  if (ids.length > 2000)
    throw new ApiError(400, 'EXCEEDED_ID_LIMIT', 'cannot retrieve more than 2000 records in one call');
  return json(
    ids.map((raw) => {
      const row = isIdShaped(raw) ? table.committed(to18(raw)) : undefined;
      return row && row['IsDeleted'] !== true ? recordJson(table, row, req.version, fields.join(',')) : null;
    }),
  );
}

export const collectionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/composite\/sobjects\/?$/,
    endpoint: 'collections.create',
    compositeKind: 'collection',
    handler: save('create'),
  },
  {
    method: 'PATCH',
    pattern: /^\/composite\/sobjects\/?$/,
    endpoint: 'collections.update',
    compositeKind: 'collection',
    handler: save('update'),
  },
  {
    method: 'PATCH',
    pattern: /^\/composite\/sobjects\/([^/]+)\/([^/]+)\/?$/,
    endpoint: 'collections.upsert',
    compositeKind: 'collection',
    handler: save('upsert'),
  },
  {
    method: 'GET',
    pattern: /^\/composite\/sobjects\/([^/]+)\/?$/,
    endpoint: 'collections.retrieve',
    compositeKind: 'collection',
    handler: retrieve,
  },
  {
    method: 'POST',
    pattern: /^\/composite\/sobjects\/([^/]+)\/?$/,
    endpoint: 'collections.retrieve',
    compositeKind: 'collection',
    handler: retrieve,
  },
  {
    method: 'DELETE',
    pattern: /^\/composite\/sobjects\/?$/,
    endpoint: 'collections.delete',
    compositeKind: 'collection',
    handler: (ctx, req) => {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw new ApiError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
      if (ids.length > MAX_RECORDS) throw tooMany();
      return json(deleteRecords(ctx, ids, req.query.get('allOrNone') === 'true'));
    },
  },
];
