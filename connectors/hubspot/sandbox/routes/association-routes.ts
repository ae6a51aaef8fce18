/**
 * Associations v4: one record's associations (limit ≤ 500, after paging) and batch read (≤ 1,000
 * inputs; ids without associations come back as 207 errors, as HubSpot does).
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
 */
import { associationTypeId } from '../association-graph.ts';
import { notFound, standardError, validationError } from '../http-errors.ts';
import type { ObjectTypeName } from '../property-types.ts';
import { batchBody, batchInputs } from '../record-writer.ts';
import { json, type Route } from '../route-types.ts';
import { objectTypeParam, type SandboxContext } from '../sandbox-context.ts';

const PAGE_MAX = 500;
const BATCH_READ_MAX = 1_000;

function page(
  ctx: SandboxContext,
  from: ObjectTypeName,
  fromId: number,
  to: ObjectTypeName,
  after: string | undefined,
  limit: number,
): { results: Array<Record<string, unknown>>; paging?: Record<string, unknown> } {
  const ids = ctx.state.associations.list(from, fromId, to);
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw validationError(`Invalid "after" paging token: ${after ?? ''}`);
  const typeId = associationTypeId(from, to) ?? 0;
  const results = ids.slice(start, start + limit).map((id) => ({
    toObjectId: String(id),
    associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }],
  }));
  if (start + limit >= ids.length) return { results };
  const next = Buffer.from(String(start + limit)).toString('base64url');
  return { results, paging: { next: { after: next, link: `?after=${next}` } } };
}

export function associationRoutes(ctx: SandboxContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
      endpoint: 'associations.list',
      auth: 'bearer',
      handle: (req) => {
        const from = objectTypeParam(req.params.objectType);
        const to = objectTypeParam(req.params.toObjectType);
        const row = ctx.state.objects[from].get(req.params.objectId ?? '');
        if (!row || row.archivedMs !== null) throw notFound(`${from} ${req.params.objectId ?? ''} not found`);
        const limit = Math.min(Number(req.query.get('limit') ?? PAGE_MAX) || PAGE_MAX, PAGE_MAX);
        return json(200, page(ctx, from, row.id, to, req.query.get('after') ?? undefined, limit));
      },
    },
    {
      method: 'POST',
      pattern: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read',
      endpoint: 'associations.batch.read',
      auth: 'bearer',
      handle: (req) => {
        const from = objectTypeParam(req.params.fromObjectType);
        const to = objectTypeParam(req.params.toObjectType);
        const startedAt = ctx.state.clock().toISOString();
        const inputs = batchInputs(req.body, BATCH_READ_MAX);
        const results: Array<Record<string, unknown>> = [];
        const errors: Array<Record<string, unknown>> = [];
        for (const input of inputs) {
          const id = String(input.id);
          const row = ctx.state.objects[from].get(id);
          const after = typeof input.after === 'string' ? input.after : undefined;
          const found =
            row && row.archivedMs === null ? page(ctx, from, row.id, to, after, PAGE_MAX) : undefined;
          if (found && found.results.length > 0) {
            results.push({
              from: { id },
              to: found.results,
              ...(found.paging ? { paging: found.paging } : {}),
            });
          } else {
            const label = from.replace(/s$/, '');
            errors.push({
              ...standardError('OBJECT_NOT_FOUND', `No ${to} is associated with ${label} ${id}.`, {
                fromObjectId: [id],
              }),
              subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            });
          }
        }
        return json(
          errors.length > 0 ? 207 : 200,
          batchBody(results, errors, startedAt, ctx.state.clock().toISOString()),
        );
      },
    },
  ];
}
