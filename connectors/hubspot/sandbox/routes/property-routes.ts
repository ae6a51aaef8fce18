/**
 * Properties v3: read all/one, create (201, 409 when it exists), batch create (≤ 100 inputs; 201, or 207
 * with one error per failed input), PATCH label/description/options, archive, groups read/create.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide
 */
import { HubSpotHttpError, standardError, validationError } from '../http-errors.ts';
import { batchBody, batchInputs } from '../record-writer.ts';
import { isRecord, json, type Route, type RouteResult } from '../route-types.ts';
import { objectTypeParam, type SandboxContext } from '../sandbox-context.ts';

function bodyRecord(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw validationError('Request body must be a JSON object');
  return body;
}

export function propertyRoutes(ctx: SandboxContext): Route[] {
  const base = '/crm/v3/properties/:objectType';
  const catalog = (raw: string | undefined) => ctx.state.catalogs[objectTypeParam(raw)];

  /** Each input is created on its own: one that fails (exists, invalid) leaves the others created. */
  const batchCreate = (objectType: string | undefined, body: unknown): RouteResult => {
    const c = catalog(objectType);
    const startedAt = ctx.state.clock().toISOString();
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const input of batchInputs(body)) {
      try {
        results.push(c.create(input));
      } catch (err) {
        if (!(err instanceof HubSpotHttpError)) throw err;
        const name = typeof input.name === 'string' ? [input.name] : [];
        errors.push(standardError(String(err.body.category), err.body.message, { name }));
      }
    }
    const done = ctx.state.clock().toISOString();
    return json(errors.length > 0 ? 207 : 201, batchBody(results, errors, startedAt, done));
  };

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
      pattern: `${base}/batch/create`,
      endpoint: 'properties.batch.create',
      auth: 'bearer',
      write: true,
      handle: (req) => batchCreate(req.params.objectType, req.body),
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
