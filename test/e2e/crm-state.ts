/**
 * The CRM state leadloop is responsible for, read from both sandboxes so two worlds can be compared: per
 * person (keyed by lower-case email, else name and company) leadloop's own fields and the mapped fields, on every HubSpot contact
 * and Salesforce Lead/Contact. Record ids differ between worlds, so the linked-id fields are replaced by
 * the email of the record they point to; fields holding run times (`*_date`, `*_Date__c`) are left out.
 * Also a `timeStable` model: decay slow enough that runs seconds apart score alike.
 */
import type { RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';

export interface CrmState {
  /** `hubspot|<email>`, `salesforce:Lead|<email>`, ... → one JSON line per record (sorted). */
  readonly records: Record<string, string[]>;
  readonly counts: { hubspotContacts: number; leads: number; contacts: number };
}

const HUBSPOT_MAPPED = [
  'firstname',
  'lastname',
  'email',
  'jobtitle',
  'company',
  'industry',
  'numberofemployees',
  'country',
  'phone',
];
const SALESFORCE_MAPPED = [
  'FirstName',
  'LastName',
  'Email',
  'Title',
  'Company',
  'Industry',
  'NumberOfEmployees',
  'Country',
  'MailingCountry',
  'Phone',
];
const RUN_TIME = /(_date|_Date__c)$/;

interface HubSpotPage {
  results: { id: string; properties: Record<string, string | null> }[];
  paging?: { next?: { after?: string } };
}

/** Every live HubSpot contact through the public list API (the store helpers look up one at a time). */
async function hubspotContacts(sb: RunningSandboxes): Promise<HubSpotPage['results']> {
  const names = sb.hubspot.store
    .listProperties()
    .map((p) => p.name)
    .filter((n) => n.startsWith('leadloop_') || HUBSPOT_MAPPED.includes(n));
  const out: HubSpotPage['results'] = [];
  let after: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide (list, paged by `after`)
    const url = new URL('/crm/v3/objects/contacts', sb.hubspot.baseUrl);
    url.searchParams.set('limit', '100');
    url.searchParams.set('properties', names.join(','));
    if (after) url.searchParams.set('after', after);
    const res = await fetch(url, { headers: { authorization: `Bearer ${sb.hubspot.accessToken}` } });
    if (!res.ok) throw new Error(`HubSpot sandbox list: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as HubSpotPage;
    out.push(...body.results);
    after = body.paging?.next?.after;
    if (!after) return out;
  }
  throw new Error('HubSpot sandbox list: more than 1,000 pages');
}

/**
 * A person's key: the email, else the name and company. Not the record id: ids of records leadloop
 * created depend on the order of the creates, which differs between worlds when workers share a run.
 * Two people alike on all three share a key; its records are then compared as a sorted list.
 */
function keyOf(email: unknown, ...name: unknown[]): string {
  if (typeof email === 'string' && email !== '') return email.toLowerCase();
  return `(no email) ${name.map((part) => (typeof part === 'string' ? part : '')).join(' | ')}`;
}

export async function readCrmState(sb: RunningSandboxes): Promise<CrmState> {
  const contacts = await hubspotContacts(sb);
  const hubspotKey = (p: Record<string, string | null>): string =>
    keyOf(p['email'], p['firstname'], p['lastname'], p['company']);
  const salesforceKey = (row: Record<string, unknown>): string =>
    keyOf(row['Email'], row['FirstName'], row['LastName'], row['Company']);
  const emailOfHubSpot = new Map(contacts.map((c) => [c.id, hubspotKey(c.properties)]));
  const sfRows = (['Lead', 'Contact'] as const).flatMap((sobject) =>
    [...(sb.salesforce.store.tables.get(sobject)?.rows.values() ?? [])]
      .filter((r) => r['IsDeleted'] !== true)
      .map((r) => ({ sobject, row: r })),
  );
  const emailOfSalesforce = new Map(
    sfRows.map(({ sobject, row }) => [String(row['Id']), `${sobject}|${salesforceKey(row)}`]),
  );
  const records: Record<string, string[]> = {};
  const add = (key: string, fields: Record<string, unknown>): void => {
    const line = JSON.stringify(
      Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))),
    );
    (records[key] ??= []).push(line);
  };
  for (const c of contacts) {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(c.properties)) {
      if (RUN_TIME.test(name) || !(name.startsWith('leadloop_') || HUBSPOT_MAPPED.includes(name))) continue;
      fields[name] =
        name === 'leadloop_salesforce_id' && value
          ? (emailOfSalesforce.get(value) ?? `gone ${value}`)
          : value;
    }
    add(`hubspot|${hubspotKey(c.properties)}`, fields);
  }
  for (const { sobject, row } of sfRows) {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      if (RUN_TIME.test(name) || !(name.startsWith('Leadloop_') || SALESFORCE_MAPPED.includes(name)))
        continue;
      fields[name] =
        name === 'Leadloop_HubSpot_Id__c' && typeof value === 'string'
          ? (emailOfHubSpot.get(value) ?? `gone ${value}`)
          : value;
    }
    add(`salesforce:${sobject}|${salesforceKey(row)}`, fields);
  }
  for (const lines of Object.values(records)) lines.sort();
  return {
    records,
    counts: {
      hubspotContacts: contacts.length,
      leads: sfRows.filter((r) => r.sobject === 'Lead').length,
      contacts: sfRows.filter((r) => r.sobject === 'Contact').length,
    },
  };
}

/** Keys whose records differ between two states (empty when equal), for a readable failure. */
export function diffCrmStates(a: CrmState, b: CrmState): string[] {
  const keys = new Set([...Object.keys(a.records), ...Object.keys(b.records)]);
  const out: string[] = [];
  for (const key of [...keys].sort()) {
    const left = JSON.stringify(a.records[key] ?? null);
    const right = JSON.stringify(b.records[key] ?? null);
    if (left !== right) out.push(`${key}\n  A: ${left}\n  B: ${right}`);
  }
  return out;
}

/** Half-life of a million days and no `withinDays`: a score no longer moves in the seconds between two runs. */
export const HALF_LIFE_STABLE = 1_000_000;

export function timeStable(config: LeadloopConfig): LeadloopConfig {
  const engagement = config.scoring.engagement;
  return {
    ...config,
    scoring: {
      ...config.scoring,
      engagement: {
        ...engagement,
        halfLifeDays: HALF_LIFE_STABLE,
        rules: engagement.rules.map((rule) => {
          const { withinDays: _dropped, ...rest } = rule;
          return rest;
        }),
      },
    },
  };
}
