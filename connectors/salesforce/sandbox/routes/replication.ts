/**
 * Get Updated / Get Deleted: ids changed (by SystemModstamp) or deleted in a window. Seconds are
 * ignored, `start` must be before `end` and at most 30 days back, at most 600,000 ids. `TaskRelation` and
 * `EventRelation` list the who-relation rows deleted with their activity (recycle bin) and those deleted
 * directly (gone for good; nothing else shows them): the sandbox models only their who part.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_taskrelation.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getupdated.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm
 */
import { ApiError } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { sfDateTime } from '../store/store-core.ts';
import type { Row } from '../store/table.ts';
import { tableOrNotFound } from './describe.ts';
import { json, type Route } from './route.ts';

const MAX_IDS = 600_000;
/** The relation objects getDeleted answers for, and the who-relation table the sandbox keeps their rows in. */
const RELATION_TABLES: Readonly<Record<string, string>> = {
  TaskRelation: 'TaskWhoRelation',
  EventRelation: 'EventWhoRelation',
};
const DAY_MS = 86_400_000;

function window(ctx: SandboxContext, req: SfRequest): { start: string; end: string } {
  const parse = (name: string): number => {
    const raw = req.query.get(name);
    const t = raw ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
    if (Number.isNaN(t))
      throw new ApiError(400, 'INVALID_REPLICATION_DATE', `${name} date must be an ISO-8601 dateTime in UTC`);
    return Math.floor(t / 60_000) * 60_000;
  };
  const start = parse('start');
  const now = ctx.options.clock().getTime();
  const end = Math.min(parse('end'), Math.floor(now / 60_000) * 60_000);
  if (start >= end)
    throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'start date must chronologically precede end date');
  if (start < now - 30 * DAY_MS)
    throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
  return { start: sfDateTime(new Date(start)), end: sfDateTime(new Date(end)) };
}

export const replicationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/sobjects\/([^/]+)\/updated\/?$/,
    endpoint: 'updated',
    handler: (ctx, req) => {
      const table = tableOrNotFound(ctx, req.params[0] ?? '');
      const { start, end } = window(ctx, req);
      const rows = table.ordered();
      const ids: string[] = [];
      for (let i = table.lowerBound(start, true); i < rows.length; i++) {
        const row = rows[i] as Row;
        if ((row['SystemModstamp'] as string) >= end) break;
        if (row['IsDeleted'] === true) continue;
        ids.push(row['Id'] as string);
        if (ids.length > MAX_IDS)
          throw new ApiError(
            400,
            'EXCEEDED_ID_LIMIT',
            'too many ids: more than 600,000 records were updated in this window',
          );
      }
      return json({ ids, latestDateCovered: end });
    },
  },
  {
    method: 'GET',
    pattern: /^\/sobjects\/([^/]+)\/deleted\/?$/,
    endpoint: 'deleted',
    handler: (ctx, req) => {
      const name = decodeURIComponent(req.params[0] ?? '');
      const relations = RELATION_TABLES[name];
      // Without Shared Activities the relation objects do not exist: 404 as for any unknown object.
      const table = tableOrNotFound(ctx, relations && ctx.store.table(relations) ? relations : name);
      const { start, end } = window(ctx, req);
      const deletedRecords: { id: string; deletedDate: string }[] = [];
      let earliest: string | null = null;
      const seen = (id: string, at: string) => {
        if (earliest === null || at < earliest) earliest = at;
        if (at >= start && at < end) deletedRecords.push({ id, deletedDate: at });
      };
      for (const [id, at] of table.deletedAt) {
        // A delete whose commit is pending is not in the recycle bin yet.
        if (table.committed(id)?.['IsDeleted'] === true) seen(id, at);
      }
      if (relations) for (const [id, at] of table.purgedAt) seen(id, at);
      deletedRecords.sort((a, b) =>
        a.deletedDate < b.deletedDate ? -1 : a.deletedDate > b.deletedDate ? 1 : 0,
      );
      return json({ deletedRecords, earliestDateAvailable: earliest ?? start, latestDateCovered: end });
    },
  },
];
