/**
 * Marketing behaviour from the Events API: page views (`e_visited_page`), form submissions
 * (`e_submitted_form`) and custom behavioural events (`pe{portalId}_{name}`: content downloads,
 * webinars...), one stream per event type, windowed by `occurredAfter`/`occurredBefore`.
 * https://developers.hubspot.com/docs/api-reference/events-event-analytics-v3/guide
 */
import type { Activity } from '../../src/domain/activity.ts';
import type { HubSpotApi } from './api.ts';
import { eventToActivity } from './map.ts';
import { HsEventsPage } from './schemas.ts';
import { z } from 'zod';

/**
 * Events v3 pages. Activities are most of a full sync's calls, so ask for the largest page the API takes
 * (1,000, as the sandbox enforces it); paging follows `paging.next.after`, so a server that returns
 * fewer per page still reads everything.
 */
export const EVENTS_PAGE_SIZE = 1000;

const HsEventTypes = z.object({ eventTypes: z.array(z.string()) });

/** Event types that carry lead behaviour: page views, form submissions and custom behavioural events. */
export function isBehaviourEventType(name: string): boolean {
  return name === 'e_visited_page' || name === 'e_submitted_form' || /^pe\d+_/.test(name);
}

/** https://developers.hubspot.com/docs/api-reference/events-event-analytics-v3/event-types */
export async function readEventTypes(api: HubSpotApi): Promise<string[]> {
  const { data } = await api.call(
    { family: 'events', method: 'GET', path: '/events/v3/events/event-types' },
    HsEventTypes,
  );
  return data.eventTypes.filter(isBehaviourEventType).sort();
}

export interface EventsStep {
  readonly items: Activity[];
  readonly after: string | undefined;
}

export async function readEventsPage(
  api: HubSpotApi,
  eventType: string,
  lo: number,
  hi: number,
  after: string | undefined,
): Promise<EventsStep> {
  const { data } = await api.call(
    {
      family: 'events',
      method: 'GET',
      path: '/events/v3/events',
      qs: {
        objectType: 'contact',
        eventType,
        occurredAfter: new Date(lo).toISOString(),
        occurredBefore: new Date(hi).toISOString(),
        limit: EVENTS_PAGE_SIZE,
        after,
      },
    },
    HsEventsPage,
  );
  return { items: data.results.map(eventToActivity), after: data.paging?.next?.after };
}
