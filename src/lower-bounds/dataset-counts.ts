/**
 * The counts a full-sync lower bound needs, taken from a sandbox dataset: contacts, rows per HubSpot
 * stream as the HubSpot connector reads them (Events v3 per event type, Email Events per type,
 * engagements per object: connectors/hubspot/sandbox/README.md), rows per Salesforce SOQL stream, and
 * the email campaigns whose names must be looked up. For the benchmarks and the demo summary.
 */
import type { SandboxDataset } from '../../connectors/sandbox/dataset.ts';
import type { ActivityType } from '../domain/activity.ts';
import type { HubSpotStreamCount, HubSpotStreamFamily, SalesforceStreamCount } from './lower-bound.ts';

/** Every HubSpot behaviour stream the connector polls, whether or not it holds rows. */
export const HUBSPOT_STREAMS: readonly { readonly name: string; readonly family: HubSpotStreamFamily }[] = [
  { name: 'event:e_visited_page', family: 'events' },
  { name: 'event:e_submitted_form', family: 'events' },
  { name: 'event:content_download', family: 'events' },
  { name: 'event:webinar_attended', family: 'events' },
  { name: 'event:campaign_response', family: 'events' },
  { name: 'event:custom_activity', family: 'events' },
  { name: 'email:BOUNCE', family: 'email-events' },
  { name: 'email:CLICK', family: 'email-events' },
  { name: 'email:OPEN', family: 'email-events' },
  { name: 'email:STATUSCHANGE', family: 'email-events' },
  { name: 'engagement:calls', family: 'engagements' },
  { name: 'engagement:emails', family: 'engagements' },
  { name: 'engagement:meetings', family: 'engagements' },
];

const HUBSPOT_STREAM_OF: Readonly<Record<ActivityType, string>> = {
  page_view: 'event:e_visited_page',
  form_submission: 'event:e_submitted_form',
  content_download: 'event:content_download',
  webinar: 'event:webinar_attended',
  campaign_response: 'event:campaign_response',
  custom: 'event:custom_activity',
  email_open: 'email:OPEN',
  email_click: 'email:CLICK',
  email_bounce: 'email:BOUNCE',
  unsubscribe: 'email:STATUSCHANGE',
  meeting: 'engagement:meetings',
  call: 'engagement:calls',
  email_reply: 'engagement:emails',
};

/** Salesforce keeps meetings as Events, campaign responses as CampaignMembers, the rest as Tasks. */
const SALESFORCE_OBJECT_OF = (type: ActivityType): string =>
  type === 'meeting' ? 'Event' : type === 'campaign_response' ? 'CampaignMember' : 'Task';

export const hubSpotStreamOf = (type: ActivityType): string => HUBSPOT_STREAM_OF[type];
export const salesforceObjectOf = (type: ActivityType): string => SALESFORCE_OBJECT_OF(type);

/** Email-event activities name their campaign by `campaign`, else `name`, else the sandbox default. */
const EMAIL_TYPES: ReadonlySet<ActivityType> = new Set([
  'email_open',
  'email_click',
  'email_bounce',
  'unsubscribe',
]);

export interface FullSyncCounts {
  readonly hubspotContacts: number;
  readonly hubspotStreams: HubSpotStreamCount[];
  /** Distinct email campaigns the Email Events API names by id only (one lookup each). */
  readonly emailCampaigns: number;
  readonly salesforceStreams: SalesforceStreamCount[];
  /** People in the dataset (the "per person" denominator). */
  readonly people: number;
  readonly activities: number;
}

export function fullSyncCounts(dataset: SandboxDataset): FullSyncCounts {
  let hubspotContacts = 0;
  let leads = 0;
  let contacts = 0;
  for (const p of dataset.people) {
    if (p.hubspot) hubspotContacts += 1;
    if (p.salesforceLead) leads += 1;
    if (p.salesforceContact) contacts += 1;
  }
  const hs = new Map<string, number>(HUBSPOT_STREAMS.map((s) => [s.name, 0]));
  const sf = new Map<string, number>([
    ['Task', 0],
    ['Event', 0],
    ['CampaignMember', 0],
    // Shared Activities: one relation row per person a Task or Event relates to, its WhoId included.
    ['TaskWhoRelation', 0],
    ['EventWhoRelation', 0],
  ]);
  const contactKeys = new Set(dataset.people.filter((p) => p.salesforceContact).map((p) => p.key));
  const campaigns = new Set<string>();
  for (const a of dataset.activities) {
    if (a.crm === 'hubspot') {
      const stream = HUBSPOT_STREAM_OF[a.type];
      hs.set(stream, (hs.get(stream) ?? 0) + 1);
      if (EMAIL_TYPES.has(a.type)) campaigns.add(a.campaign ?? a.name ?? 'Newsletter');
    } else {
      const object = SALESFORCE_OBJECT_OF(a.type);
      sf.set(object, (sf.get(object) ?? 0) + 1);
      if (object !== 'CampaignMember') {
        const shared = contactKeys.has(a.personKey) ? (a.relatedPersonKeys?.length ?? 0) : 0;
        const relations = `${object}WhoRelation`;
        sf.set(relations, (sf.get(relations) ?? 0) + 1 + shared);
      }
    }
  }
  // Contact roles arrive as child rows of the Opportunity query and count toward its page size.
  let roles = 0;
  for (const o of dataset.opportunities) roles += o.contactPersonKeys.length;
  return {
    hubspotContacts,
    hubspotStreams: HUBSPOT_STREAMS.map((s) => ({ ...s, records: hs.get(s.name) ?? 0 })),
    emailCampaigns: campaigns.size,
    salesforceStreams: [
      { name: 'Lead', rows: leads },
      { name: 'Contact', rows: contacts },
      ...[...sf].map(([name, rows]) => ({ name, rows })),
      { name: 'Opportunity', rows: dataset.opportunities.length + roles },
    ],
    people: dataset.people.length,
    activities: dataset.activities.length,
  };
}
