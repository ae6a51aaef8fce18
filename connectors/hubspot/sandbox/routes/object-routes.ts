/**
 * CRM v3 object basics for contacts and engagements: list (after paging, limit ≤ 100), get (by id or
 * `idProperty`), create, update, archive. https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide
 */
import { randomUUID } from 'node:crypto';
import { associationLabel } from '../association-graph.ts';
import { conflict, HubSpotHttpError, notFound, validationError } from '../http-errors.ts';
import type { ObjectRow } from '../object-row.ts';
import { applyAssociations, findRecord, writeOne } from '../record-writer.ts';
import { resolveObjectType, type ObjectTypeName } from '../property-types.ts';
import { isRecord, json, listParam, type Route, type RouteContext } from '../route-types.ts';
import { endpointName, objectTypeParam, type SandboxContext } from '../sandbox-context.ts';
import type { SimplePublicObject } from '../object-store.ts';

const LIST_MAX = 100;

function encodeAfter(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

function decodeAfter(token: string | null): number {
  if (!token) return 0;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^\d+$/.test(decoded)) throw validationError(`Invalid "after" paging token: ${token}`);
  return Number(decoded);
}

function withAssociations(
  ctx: SandboxContext,
  type: ObjectTypeName,
  row: ObjectRow,
  obj: SimplePublicObject,
  q: RouteContext['query'],
): SimplePublicObject {
  const wanted = listParam(q, 'associations');
  if (!wanted) return obj;
  const associations: Record<string, unknown> = {};
  for (const raw of wanted) {
    const to = resolveObjectType(raw);
    if (!to) continue;
    const ids = ctx.state.associations.list(type, row.id, to);
    if (ids.length > 0)
      associations[to] = { results: ids.map((id) => ({ id: String(id), type: associationLabel(type, to) })) };
  }
  return { ...obj, associations };
}

function singleWrite(
  ctx: SandboxContext,
  type: ObjectTypeName,
  existing: ObjectRow | undefined,
  body: unknown,
): ObjectRow {
  const result = writeOne(
    { state: ctx.state, faults: undefined, source: ctx.apiSource },
    type,
    existing,
    isRecord(body) ? body.properties : undefined,
    {},
  );
  if (result.ok) return result.row;
  const category = String(result.error.category);
  if (category === 'CONFLICT') throw conflict(String(result.error.message));
  const errors = Array.isArray(result.error.errors) ? result.error.errors : [];
  throw new HubSpotHttpError(400, {
    status: 'error',
    message: String(result.error.message),
    correlationId: randomUUID(),
    category,
    errors,
  });
}

export function objectRoutes(ctx: SandboxContext): Route[] {
  const base = '/crm/v3/objects/:objectType';
  return [
    {
      method: 'GET',
      pattern: base,
      endpoint: endpointName('list'),
      auth: 'bearer',
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const limitText = req.query.get('limit');
        const limit = limitText === null ? 10 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX)
          throw validationError(`limit must be between 1 and ${LIST_MAX} (got ${limitText ?? ''})`);
        const store = ctx.state.objects[type];
        const page = store.listPage(
          decodeAfter(req.query.get('after')),
          limit,
          req.query.get('archived') === 'true',
        );
        const properties = listParam(req.query, 'properties');
        const body: Record<string, unknown> = {
          results: page.rows.map((row) =>
            withAssociations(ctx, type, row, store.snapshot(row, properties), req.query),
          ),
        };
        const after =
          ctx.faults()?.repeatedCursor(req.query.get('after')) ??
          (page.nextId === undefined ? undefined : encodeAfter(page.nextId));
        if (after !== undefined) body.paging = { next: { after, link: `?after=${after}` } };
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:objectId`,
      endpoint: endpointName('get'),
      auth: 'bearer',
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const id = req.params.objectId ?? '';
        const archived = req.query.get('archived') === 'true';
        const store = ctx.state.objects[type];
        const idProperty = req.query.get('idProperty') ?? undefined;
        // A merged-away id reads as the record it was merged into (record-merge.ts).
        const row = archived
          ? store.get(id)
          : (findRecord(ctx.state, type, id, idProperty) ??
            (idProperty === undefined ? store.mergedInto(id) : undefined));
        if (!row || (row.archivedMs !== null) !== archived)
          throw notFound(`Object not found.  objectId are usually numeric.`);
        return json(
          200,
          withAssociations(
            ctx,
            type,
            row,
            store.snapshot(row, listParam(req.query, 'properties')),
            req.query,
          ),
        );
      },
    },
    {
      method: 'POST',
      pattern: base,
      endpoint: endpointName('create'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const row = singleWrite(ctx, type, undefined, req.body);
        if (isRecord(req.body)) applyAssociations(ctx.state, type, row, req.body.associations);
        const written =
          isRecord(req.body) && isRecord(req.body.properties) ? Object.keys(req.body.properties) : undefined;
        return json(201, ctx.state.objects[type].snapshot(row, written));
      },
    },
    {
      method: 'PATCH',
      pattern: `${base}/:objectId`,
      endpoint: endpointName('update'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const row = findRecord(
          ctx.state,
          type,
          req.params.objectId ?? '',
          req.query.get('idProperty') ?? undefined,
        );
        if (!row) throw notFound('Object not found.  objectId are usually numeric.');
        singleWrite(ctx, type, row, req.body);
        const written =
          isRecord(req.body) && isRecord(req.body.properties) ? Object.keys(req.body.properties) : undefined;
        return json(200, ctx.state.objects[type].snapshot(row, written));
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:objectId`,
      endpoint: endpointName('archive'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const row = ctx.state.objects[type].get(req.params.objectId ?? '');
        if (row) ctx.state.archive(type, row, ctx.apiSource);
        return { status: 204 };
      },
    },
  ];
}
