/**
 * Properties v3: read all/one, create (201, 409 when it exists), PATCH label/description/options,
 * archive, groups read/create. https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide
 */
import { validationError } from '../http-errors.ts';
import { isRecord, json, type Route } from '../route-types.ts';
import { objectTypeParam, type SandboxContext } from '../sandbox-context.ts';

function bodyRecord(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw validationError('Request body must be a JSON object');
  return body;
}

export function propertyRoutes(ctx: SandboxContext): Route[] {
  const base = '/crm/v3/properties/:objectType';
  const catalog = (raw: string | undefined) => ctx.state.catalogs[objectTypeParam(raw)];
  return [
    {
      method: 'GET',
      pattern: base,
      endpoint: 'properties.list',
      auth: 'bearer',
      handle: (req) =>
        json(200, { results: catalog(req.params.objectType).list(req.query.get('archived') === 'true') }),
    },
    {
      method: 'POST',
      pattern: base,
      endpoint: 'properties.create',
      auth: 'bearer',
      write: true,
      handle: (req) => json(201, catalog(req.params.objectType).create(bodyRecord(req.body))),
    },
    {
      method: 'GET',
      pattern: `${base}/groups`,
      endpoint: 'properties.groups.list',
      auth: 'bearer',
      handle: (req) => json(200, { results: catalog(req.params.objectType).listGroups() }),
    },
    {
      method: 'POST',
      pattern: `${base}/groups`,
      endpoint: 'properties.groups.create',
      auth: 'bearer',
      write: true,
      handle: (req) => json(201, catalog(req.params.objectType).createGroup(bodyRecord(req.body))),
    },
    {
      method: 'POST',
      pattern: `${base}/batch/read`,
      endpoint: 'properties.batch.read',
      auth: 'bearer',
      handle: (req) => {
        const body = bodyRecord(req.body);
        const names = Array.isArray(body.inputs)
          ? body.inputs.map((i: unknown) => (isRecord(i) ? String(i.name) : ''))
          : [];
        const c = catalog(req.params.objectType);
        const now = ctx.state.clock().toISOString();
        return json(200, {
          status: 'COMPLETE',
          results: names.flatMap((n) => c.get(n) ?? []),
          startedAt: now,
          completedAt: now,
        });
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:propertyName`,
      endpoint: 'properties.get',
      auth: 'bearer',
      handle: (req) => json(200, catalog(req.params.objectType).require(req.params.propertyName ?? '')),
    },
    {
      method: 'PATCH',
      pattern: `${base}/:propertyName`,
      endpoint: 'properties.update',
      auth: 'bearer',
      write: true,
      handle: (req) =>
        json(200, catalog(req.params.objectType).update(req.params.propertyName ?? '', bodyRecord(req.body))),
    },
    {
      method: 'DELETE',
      pattern: `${base}/:propertyName`,
      endpoint: 'properties.archive',
      auth: 'bearer',
      write: true,
      handle: (req) => {
        catalog(req.params.objectType).archive(req.params.propertyName ?? '');
        return { status: 204 };
      },
    },
  ];
}
