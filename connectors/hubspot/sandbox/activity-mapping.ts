/**
 * Where each leadloop activity type lives in HubSpot (documented in README.md; the HubSpot connector
 * reads them back from exactly these endpoints).
 */
import type { ActivityType } from '../../../src/domain/activity.ts';
import type { EmailEventType } from './behaviour-log.ts';
import type { EngagementTypeName } from './property-types.ts';

export interface ActivityFacts {
  type: ActivityType;
  ms: number;
  name?: string | null | undefined;
  url?: string | null | undefined;
  tag?: string | null | undefined;
  campaign?: string | null | undefined;
}

export type ActivityTarget =
  | { kind: 'engagement'; objectType: EngagementTypeName; properties: Record<string, string> }
  | { kind: 'event'; eventType: string; properties: Record<string, string> }
  | { kind: 'email'; type: EmailEventType; campaign: string; extra: Record<string, unknown> };

/** Custom behavioural event names are prefixed with the portal: `pe{portalId}_{name}`. */
export function customEventName(portalId: number, name: string): string {
  return `pe${portalId}_${name}`;
}

export function eventTypeNames(portalId: number): string[] {
  return [
    'e_visited_page',
    'e_submitted_form',
    customEventName(portalId, 'content_download'),
    customEventName(portalId, 'webinar_attended'),
    customEventName(portalId, 'campaign_response'),
    customEventName(portalId, 'custom_activity'),
  ];
}

function clean(values: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return out;
}

/** A stable form GUID from the form's title (HubSpot form ids are UUIDs). */
function formId(title: string): string {
  let h = 2166136261;
  for (let i = 0; i < title.length; i += 1) h = Math.imul(h ^ title.charCodeAt(i), 16777619) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(5, 8)}-${hex}${hex.slice(0, 4)}`;
}

export function activityTarget(a: ActivityFacts, portalId: number): ActivityTarget {
  const iso = new Date(a.ms).toISOString();
  const campaign = a.campaign ?? a.name ?? 'Newsletter';
  switch (a.type) {
    case 'meeting':
      return {
        kind: 'engagement',
        objectType: 'meetings',
        properties: clean({
          hs_timestamp: iso,
          hs_meeting_title: a.name ?? 'Meeting',
          hs_meeting_start_time: iso,
          hs_meeting_end_time: new Date(a.ms + 1_800_000).toISOString(),
          hs_meeting_outcome: 'COMPLETED',
        }),
      };
    case 'call':
      return {
        kind: 'engagement',
        objectType: 'calls',
        properties: clean({
          hs_timestamp: iso,
          hs_call_title: a.name ?? 'Call',
          hs_call_direction: 'OUTBOUND',
          hs_call_status: 'COMPLETED',
          hs_call_duration: '300000',
        }),
      };
    case 'email_reply':
      return {
        kind: 'engagement',
        objectType: 'emails',
        properties: clean({
          hs_timestamp: iso,
          hs_email_direction: 'INCOMING_EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: a.name ? `Re: ${a.name}` : 'Re:',
        }),
      };
    case 'page_view':
      return {
        kind: 'event',
        eventType: 'e_visited_page',
        properties: clean({ hs_url: a.url, hs_page_title: a.name }),
      };
    case 'form_submission': {
      const title = a.name ?? 'Form';
      return {
        kind: 'event',
        eventType: 'e_submitted_form',
        properties: clean({ hs_form_id: formId(title), hs_form_title: title, hs_url: a.url }),
      };
    }
    case 'content_download':
      return {
        kind: 'event',
        eventType: customEventName(portalId, 'content_download'),
        properties: clean({ content_title: a.name, content_tag: a.tag, hs_url: a.url }),
      };
    case 'webinar':
      return {
        kind: 'event',
        eventType: customEventName(portalId, 'webinar_attended'),
        properties: clean({ webinar_name: a.name }),
      };
    case 'campaign_response':
      return {
        kind: 'event',
        eventType: customEventName(portalId, 'campaign_response'),
        properties: clean({ campaign_name: a.campaign ?? a.name }),
      };
    case 'custom':
      return {
        kind: 'event',
        eventType: customEventName(portalId, 'custom_activity'),
        properties: clean({ activity_name: a.name, activity_tag: a.tag, hs_url: a.url }),
      };
    case 'email_open':
      return { kind: 'email', type: 'OPEN', campaign, extra: {} };
    case 'email_click':
      return {
        kind: 'email',
        type: 'CLICK',
        campaign,
        extra: clean({ url: a.url ?? 'https://example.com/' }),
      };
    case 'email_bounce':
      return {
        kind: 'email',
        type: 'BOUNCE',
        campaign,
        extra: { category: 'HARD_BOUNCE', status: '5.1.1', response: '550 5.1.1 user unknown' },
      };
    case 'unsubscribe':
      return {
        kind: 'email',
        type: 'STATUSCHANGE',
        campaign,
        extra: {
          source: 'SOURCE_RECIPIENT',
          changeType: 'SUBSCRIPTION',
          portalSubscriptionStatus: 'UNSUBSCRIBED',
          subscriptions: [{ id: 1, status: 'UNSUBSCRIBED' }],
        },
      };
  }
}
