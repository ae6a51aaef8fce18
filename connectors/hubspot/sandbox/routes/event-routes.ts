/**
 * Events v3 occurrences (`GET /events/v3/events`, `/events/v3/events/event-types`): page views, form
 * submissions and custom behavioural events per contact or per type over a time window.
 * https://developers.hubspot.com/docs/reference/api/analytics-and-events/event-analytics
 * Enterprise portals only: below, both answer 403 (`subscription.ts`).
 */
import { eventTypeNames } from '../activity-mapping.ts';
import type { BehaviourEvent } from '../behaviour-log.ts';
import { validationError } from '../http-errors.ts';
import { resolveObjectType } from '../property-types.ts';
import { json, listParam, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { requireEvents } from '../subscription.ts';
import { decodeCursor, encodeCursor, type TimeSeries } from '../time-series.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;
const EMPTY: TimeSeries<BehaviourEvent> | undefined = undefined;

function timeParam(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw validationError(`${name} must be an ISO 8601 date-time (got ${value})`);
  return ms;
}

export function eventRoutes(ctx: SandboxContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/events/v3/events',
      endpoint: 'events.list',
      auth: 'bearer',
      handle: (req) => {
        requireEvents(ctx.subscription());
        const q = req.query;
        const objectType = q.get('objectType');
        const objectId = q.get('objectId');
        const eventType = q.get('eventType');
        if (objectId !== null && objectType === null) throw validationError('objectId requires objectType');
        if (objectType !== null && resolveObjectType(objectType) !== 'contacts')
          return json(200, { results: [] });
        const limit = Number(q.get('limit') ?? DEFAULT_LIMIT);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
          throw validationError(`limit must be between 1 and ${MAX_LIMIT}`);
        const sort = (listParam(q, 'sort') ?? ['DESCENDING'])[0] ?? 'DESCENDING';
        const descending = sort === 'DESCENDING' || sort.startsWith('-');
        const log = ctx.state.behaviour;
        const series =
          objectId !== null
            ? (log.eventsByObject.get(objectId) ?? EMPTY)
            : eventType !== null
              ? (log.eventsByType.get(eventType) ?? EMPTY)
              : log.events;
        const ids = q.getAll('id');
        const keep = (e: BehaviourEvent): boolean =>
          (eventType === null || e.eventType === eventType) && (ids.length === 0 || ids.includes(e.id));
        // "after" and "before" are strict: an occurrence exactly at a bound is outside the window.
        const from = (timeParam(q.get('occurredAfter'), 'occurredAfter') ?? Number.NEGATIVE_INFINITY) + 1;
        const to = (timeParam(q.get('occurredBefore'), 'occurredBefore') ?? Number.POSITIVE_INFINITY) - 1;
        const page = series
          ? series.page(from, to, descending, decodeCursor(q.get('after') ?? undefined), limit, keep)
          : { items: [], more: false };
        const body: Record<string, unknown> = {
          results: page.items.map((e) => ({
            id: e.id,
            eventType: e.eventType,
            objectId: String(e.objectId),
            objectType: 'CONTACT',
            occurredAt: new Date(e.ms).toISOString(),
            properties: e.properties,
          })),
        };
        const last = page.items[page.items.length - 1];
        const after =
          ctx.faults()?.repeatedCursor(q.get('after')) ??
          (page.more && last ? encodeCursor(last) : undefined);
        if (after !== undefined) body.paging = { next: { after, link: `?after=${after}` } };
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/events/v3/events/event-types',
      endpoint: 'events.types',
      auth: 'bearer',
      handle: () => {
        requireEvents(ctx.subscription());
        return json(200, { eventTypes: eventTypeNames(ctx.portalId) });
      },
    },
  ];
}
