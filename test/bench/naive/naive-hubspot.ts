/**
 * The naive HubSpot side, the way a workflow tool scores one contact: read the contact, list its
 * associated meetings/calls/emails and read each one, read its events and its email events, score, and
 * update the contact, one call at a time, through `@hubspot/api-client`. Deliberately not leadloop.
 */
import type { Client } from '@hubspot/api-client';
import type { ActivityType } from '../../../src/domain/activity.ts';
import type { CompiledModel } from '../../../src/scoring/compile-model.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';

const PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'numberofemployees',
  'industry',
  'country',
  'hs_analytics_source',
];
const ENGAGEMENTS: readonly { object: string; type: ActivityType; title: string }[] = [
  { object: 'meetings', type: 'meeting', title: 'hs_meeting_title' },
  { object: 'calls', type: 'call', title: 'hs_call_title' },
  { object: 'emails', type: 'email_reply', title: 'hs_email_subject' },
];
const EMAIL_TYPES: Readonly<Record<string, ActivityType>> = {
  OPEN: 'email_open',
  CLICK: 'email_click',
  BOUNCE: 'email_bounce',
  STATUSCHANGE: 'unsubscribe',
};
const MAX_PAGES = 100;

function eventActivity(eventType: string): ActivityType {
  if (eventType === 'e_visited_page') return 'page_view';
  if (eventType === 'e_submitted_form') return 'form_submission';
  if (eventType.endsWith('_content_download')) return 'content_download';
  if (eventType.endsWith('_webinar_attended')) return 'webinar';
  if (eventType.endsWith('_campaign_response')) return 'campaign_response';
  return 'custom';
}

interface EmailEventsPage {
  events?: { type?: string; created?: number; url?: string }[];
  hasMore?: boolean;
  offset?: string;
}

/** Scores and writes one contact; returns how many API calls it took. */
export async function naiveHubSpotContact(
  client: Client,
  id: string,
  model: CompiledModel,
  now: Date,
): Promise<number> {
  let calls = 0;
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/get-crm-v3-objects-contacts-contactId
  const contact = await client.crm.contacts.basicApi.getById(id, PROPERTIES);
  calls++;
  const activities: ScoringActivity[] = [];
  for (const e of ENGAGEMENTS) {
    // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/basic/get-crm-v4-objects-objectType-objectId-associations-toObjectType
    const assoc = await client.crm.associations.v4.basicApi.getPage('contacts', id, e.object, undefined, 500);
    calls++;
    for (const a of assoc.results) {
      // https://developers.hubspot.com/docs/api-reference/crm-meetings-v3/basic/get-crm-v3-objects-meetings-meetingId
      const o = await client.crm.objects.basicApi.getById(e.object, String(a.toObjectId), [
        'hs_timestamp',
        e.title,
      ]);
      calls++;
      activities.push({
        type: e.type,
        occurredAt: o.properties['hs_timestamp'] ?? undefined,
        name: o.properties[e.title] ?? null,
      });
    }
  }
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // https://developers.hubspot.com/docs/api-reference/events-event-analytics-v3/guide
    const events = await client.events.eventsApi.getPage(
      'contact',
      undefined,
      after,
      undefined,
      100,
      undefined,
      undefined,
      undefined,
      Number(id),
    );
    calls++;
    for (const ev of events.results) {
      const props: Record<string, string> = ev.properties ?? {};
      activities.push({
        type: eventActivity(ev.eventType),
        occurredAt: ev.occurredAt.toISOString(),
        name: props['hs_form_title'] ?? props['content_title'] ?? props['webinar_name'] ?? null,
        url: props['hs_url'] ?? null,
        tag: props['content_tag'] ?? null,
      });
    }
    after = events.paging?.next?.after;
    if (!after) break;
  }
  const email = contact.properties['email'];
  let offset: string | undefined;
  for (let page = 0; email && page < MAX_PAGES; page++) {
    // https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/guide
    const res = await client.apiRequest({
      method: 'GET',
      path: `/email/public/v1/events?recipient=${encodeURIComponent(email)}&limit=100${offset ? `&offset=${offset}` : ''}`,
    });
    calls++;
    const body = (await res.json()) as EmailEventsPage;
    for (const ev of body.events ?? []) {
      const type = EMAIL_TYPES[ev.type ?? ''];
      if (type && ev.created) activities.push({ type, occurredAtMs: ev.created, url: ev.url ?? null });
    }
    offset = body.hasMore ? body.offset : undefined;
    if (!offset) break;
  }
  const score = scorePerson(model, { fields: contact.properties, activities }, now);
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/patch-crm-v3-objects-contacts-contactId
  await client.crm.contacts.basicApi.update(id, {
    properties: {
      leadloop_score: String(score.total),
      leadloop_grade: score.grade,
      leadloop_cell: score.cell,
    },
  });
  calls++;
  return calls;
}
