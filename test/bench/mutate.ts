/**
 * Scenario 2's input: 1% of the people's records edited and 1% as many new activities, made the way an
 * admin or a CRM user would, through each sandbox's HTTP `/__sandbox/*` endpoints (never counted as API
 * calls). Returns what changed per stream, for the lower bound.
 */
import type { ActivityType } from '../../src/domain/activity.ts';
import { hubSpotStreamOf, salesforceObjectOf } from '../../src/lower-bounds/dataset-counts.ts';
import { inPool } from './measure.ts';
import type { ReadyLine, SamplePerson } from './sandbox-protocol.ts';

export interface Mutations {
  readonly hubspotContacts: number;
  readonly salesforceRecords: number;
  /** New activities per HubSpot stream (`event:e_visited_page`...). */
  readonly hubspotStreams: Record<string, number>;
  /** New activities per Salesforce object (`Task`, `Event`). */
  readonly salesforceObjects: Record<string, number>;
}

const HUBSPOT_TYPES: readonly ActivityType[] = [
  'page_view',
  'page_view',
  'email_open',
  'form_submission',
  'email_click',
  'content_download',
  'meeting',
  'call',
];
const SALESFORCE_TYPES: readonly ActivityType[] = ['call', 'meeting'];
const POOL = 16;

async function admin(url: string, method: string, body: unknown, auth?: string): Promise<void> {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

interface Job {
  readonly person: SamplePerson;
  readonly kind: 'record' | 'activity';
  readonly n: number;
}

export async function mutateOnePercent(ready: ReadyLine, now: Date): Promise<Mutations> {
  const hs = ready.connections.hubspot.baseUrl;
  const sf = ready.connections.salesforce.instanceUrl;
  const people = ready.sample.filter((p) => p.hubspotId !== null || p.salesforce !== null);
  const activityCount = Math.round(ready.counts.activities / 100);
  const jobs: Job[] = [
    ...people.map((person) => ({ person, kind: 'record' as const, n: 0 })),
    ...Array.from({ length: activityCount }, (_, n) => ({
      person: people[n % people.length] as SamplePerson,
      kind: 'activity' as const,
      n,
    })),
  ];
  const out = {
    hubspotContacts: 0,
    salesforceRecords: 0,
    hubspotStreams: {} as Record<string, number>,
    salesforceObjects: {} as Record<string, number>,
  };
  const at = now.toISOString();
  await inPool(jobs, POOL, async ({ person, kind, n }) => {
    const toHubSpot = person.hubspotId !== null && (person.salesforce === null || n % 3 !== 2);
    if (kind === 'record') {
      if (person.hubspotId !== null) {
        await admin(`${hs}/__sandbox/contacts/${person.hubspotId}`, 'PATCH', {
          properties: { jobtitle: 'Head of IT Operations' },
        });
        out.hubspotContacts += 1;
      }
      if (person.salesforce) {
        await admin(`${sf}/__sandbox/store/update`, 'POST', {
          sobject: person.salesforce.object,
          id: person.salesforce.id,
          fields: { Title: 'Head of IT Operations' },
        });
        out.salesforceRecords += 1;
      }
      return;
    }
    if (toHubSpot) {
      const type = HUBSPOT_TYPES[n % HUBSPOT_TYPES.length] as ActivityType;
      await admin(`${hs}/__sandbox/contacts/${person.hubspotId}/activities`, 'POST', {
        type,
        occurredAt: at,
        name:
          type === 'form_submission'
            ? 'Request a demo'
            : type === 'email_open' || type === 'email_click'
              ? ready.emailCampaign
              : 'Bench touch',
        url: 'https://www.example.org/pricing',
        tag: 'whitepaper',
        ...(type === 'email_open' || type === 'email_click' ? { campaign: ready.emailCampaign } : {}),
      });
      const stream = hubSpotStreamOf(type);
      out.hubspotStreams[stream] = (out.hubspotStreams[stream] ?? 0) + 1;
      return;
    }
    const sfRecord = person.salesforce;
    if (!sfRecord) return;
    const type = SALESFORCE_TYPES[n % SALESFORCE_TYPES.length] as ActivityType;
    if (type === 'meeting')
      await admin(`${sf}/__sandbox/store/addEvent`, 'POST', { whoId: sfRecord.id, subject: 'Bench meeting' });
    else
      await admin(`${sf}/__sandbox/store/addTask`, 'POST', {
        whoId: sfRecord.id,
        subject: 'Bench call',
        taskSubtype: 'Call',
      });
    const object = salesforceObjectOf(type);
    out.salesforceObjects[object] = (out.salesforceObjects[object] ?? 0) + 1;
  });
  return out;
}
