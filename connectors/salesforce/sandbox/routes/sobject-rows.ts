/**
 * Single-record REST: create, retrieve (optionally `?fields=`), update (204) and delete (204). Errors
 * are request-level here: the array form with `errorCode` and `fields`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
 */
import { ApiError, notFound } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { isIdShaped, to18 } from '../ids.ts';
import { attributes } from '../soql/project-record.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import type { SaveResult } from '../write/save-error.ts';
import { saveContextOf } from '../write/lead-assignment.ts';
import { deleteRecords, saveRecords } from '../write/save-records.ts';
import { tableOrNotFound } from './describe.ts';
import { json, type Route } from './route.ts';

function rowOrNotFound(table: SObjectTable, rawId: string): Row {
  if (!isIdShaped(rawId))
    throw notFound(`Provided external ID field does not exist or is not accessible: ${rawId}`);
  const row = table.committed(to18(rawId));
  if (!row || row['IsDeleted'] === true) throw notFound();
  return row;
}

/** A REST record: attributes, then the requested (or all) fields in catalogue order. */
export function recordJson(
  table: SObjectTable,
  row: Row,
  version: string,
  fieldList: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributes(table.def.name, row['Id'], version) };
  const names = fieldList
    ? fieldList
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : table.def.fields.map((f) => f.name);
  for (const name of names) {
    const field = table.field(name);
    if (!field)
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on sobject of type ${table.def.name}`,
      );
    out[field.name] = row[field.name] ?? null;
  }
  return out;
}

function failure(result: SaveResult): never {
  const first = result.errors[0];
  const status =
    first?.statusCode === 'ENTITY_IS_DELETED' || first?.statusCode === 'INVALID_CROSS_REFERENCE_KEY'
      ? 404
      : 400;
  throw new ApiError(
    status,
    first?.statusCode ?? 'UNKNOWN_EXCEPTION',
    first?.message ?? 'save failed',
    first?.fields ?? [],
  );
}

function save(ctx: SandboxContext, req: SfRequest, op: 'create' | 'update'): SaveResult {
  const table = tableOrNotFound(ctx, req.params[0] ?? '');
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  const record: Record<string, unknown> = {
    ...(body as Record<string, unknown>),
    attributes: { type: table.def.name },
  };
  if (op === 'update') record['Id'] = req.params[1];
  const [result] = saveRecords(saveContextOf(ctx, req), op, [record], true);
  if (!result || !result.success) failure(result ?? { success: false, errors: [] });
  return result;
}

export const sobjectRowRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/sobjects\/([^/]+)\/?$/,
    endpoint: 'sobject.create',
    handler: (ctx, req) => json(save(ctx, req, 'create'), 201),
  },
  {
    method: 'GET',
    pattern: /^\/sobjects\/([^/]+)\/([a-zA-Z0-9]{15,18})\/?$/,
    endpoint: 'sobject.get',
    handler: (ctx, req) => {
      const table = tableOrNotFound(ctx, req.params[0] ?? '');
      return json(
        recordJson(table, rowOrNotFound(table, req.params[1] ?? ''), req.version, req.query.get('fields')),
      );
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/sobjects\/([^/]+)\/([a-zA-Z0-9]{15,18})\/?$/,
    endpoint: 'sobject.update',
    handler: (ctx, req) => {
      save(ctx, req, 'update');
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/sobjects\/([^/]+)\/([a-zA-Z0-9]{15,18})\/?$/,
    endpoint: 'sobject.delete',
    handler: (ctx, req) => {
      const table = tableOrNotFound(ctx, req.params[0] ?? '');
      rowOrNotFound(table, req.params[1] ?? '');
      const [result] = deleteRecords(ctx, [req.params[1] ?? ''], true);
      if (!result?.success) failure(result ?? { success: false, errors: [] });
      return { status: 204 };
    },
  },
];
