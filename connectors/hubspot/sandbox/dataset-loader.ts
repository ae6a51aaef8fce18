/**
 * Loads the HubSpot side of a SandboxDataset: every person with a `hubspot` presence becomes a contact
 * (ids in creation order, like HubSpot's), and every `crm: 'hubspot'` activity is stored where HubSpot
 * keeps it, with rollups applied. Lenient on purpose: unseen enumeration values become options and
 * unknown `hubspot.properties` become custom string properties, so an admin's snapshot always loads.
 */
import type { SandboxCompany, SandboxDataset, SandboxPerson } from '../../sandbox/dataset.ts';
import type { PortalState } from './hubspot-store.ts';
import { ANALYTICS_SOURCES } from './standard-properties.ts';

const SOURCE_KEYWORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/paid social|facebook ads|linkedin ads/i, 'PAID_SOCIAL'],
  [/paid|ppc|adwords|google ads|cpc/i, 'PAID_SEARCH'],
  [/organic|seo|search|web/i, 'ORGANIC_SEARCH'],
  [/email|newsletter/i, 'EMAIL_MARKETING'],
  [/social|linkedin|twitter|facebook/i, 'SOCIAL_MEDIA'],
  [/referr|partner|word of mouth/i, 'REFERRALS'],
  [/direct/i, 'DIRECT_TRAFFIC'],
  [/campaign|webinar|content/i, 'OTHER_CAMPAIGNS'],
];

/** `leadSource` (free text) → `hs_analytics_source` option value; the raw text goes to drill-down 1. */
export function analyticsSource(leadSource: string): string {
  const upper = leadSource.toUpperCase().replace(/[\s-]+/g, '_');
  if (ANALYTICS_SOURCES.some((o) => o.value === upper)) return upper;
  return SOURCE_KEYWORDS.find(([re]) => re.test(leadSource))?.[1] ?? 'OFFLINE';
}

/** Contacts hold "Number of Employees" as a range. */
export function employeeRange(n: number): string {
  if (n <= 5) return '1-5';
  if (n <= 25) return '5-25';
  if (n <= 50) return '25-50';
  if (n <= 100) return '50-100';
  if (n <= 500) return '100-500';
  if (n <= 1000) return '500-1000';
  return '1000+';
}

function contactProperties(
  person: SandboxPerson,
  company: SandboxCompany | undefined,
  ownerId: string | undefined,
): Record<string, string> {
  const props: Record<string, string> = {};
  const put = (name: string, value: string | number | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') props[name] = String(value);
  };
  const hs = person.hubspot;
  // HubSpot stores email addresses lower-cased.
  put('email', person.email?.toLowerCase());
  put('firstname', person.firstName);
  put('lastname', person.lastName);
  put('jobtitle', person.jobTitle);
  put('phone', person.phone);
  put('company', company?.name);
  put('website', company?.domain);
  put('industry', company?.industry);
  if (company?.numberOfEmployees !== null && company?.numberOfEmployees !== undefined)
    put('numberofemployees', employeeRange(company.numberOfEmployees));
  put('annualrevenue', company?.annualRevenue);
  put('country', person.country ?? company?.country);
  put('lifecyclestage', hs?.lifecyclestage);
  put('hs_lead_status', hs?.hs_lead_status);
  if (person.leadSource) {
    put('hs_analytics_source', analyticsSource(person.leadSource));
    put('hs_analytics_source_data_1', person.leadSource);
  }
  put('hs_email_optout', person.optedOutOfEmail ? 'true' : 'false');
  put('hubspot_owner_id', ownerId);
  for (const [name, value] of Object.entries(hs?.properties ?? {})) put(name, value);
  return props;
}

function companyProperties(company: SandboxCompany): Record<string, string> {
  const props: Record<string, string> = { name: company.name };
  if (company.domain) props.domain = company.domain;
  if (company.industry) props.industry = company.industry;
  if (company.numberOfEmployees !== null && company.numberOfEmployees !== undefined)
    props.numberofemployees = String(company.numberOfEmployees);
  if (company.annualRevenue !== null && company.annualRevenue !== undefined)
    props.annualrevenue = String(company.annualRevenue);
  if (company.country) props.country = company.country;
  return props;
}

/**
 * The portal's company for a dataset company, created on first use (HubSpot creates companies from
 * contacts' email domains, so a company exists here only once one of its people does).
 */
function companyRow(
  state: PortalState,
  company: SandboxCompany,
  atMs: number,
  rows: Map<string, number>,
): number {
  const held = rows.get(company.key);
  if (held !== undefined) return held;
  const props = companyProperties(company);
  if (props.industry) state.catalogs.companies.ensureOption('industry', props.industry);
  const row = state.objects.companies.insert(props, atMs, atMs, 0, false);
  rows.set(company.key, row.id);
  return row.id;
}

export interface LoadSummary {
  contacts: number;
  activities: number;
  ms: number;
}

export function loadDataset(state: PortalState, dataset: SandboxDataset): LoadSummary {
  const started = performance.now();
  const companies = new Map(dataset.companies.map((c) => [c.key, c]));
  const owners = new Map(dataset.users.filter((u) => u.hubspotOwnerId).map((u) => [u.id, u.hubspotOwnerId]));
  const catalog = state.catalogs.contacts;
  const people = dataset.people.filter((p) => p.hubspot !== undefined);
  const created = people.map((p) => Date.parse(p.hubspot?.createdAt ?? ''));
  const order = people.map((_, i) => i).sort((a, b) => (created[a] ?? 0) - (created[b] ?? 0));
  const store = state.objects.contacts;
  const companyRows = new Map<string, number>();
  const enumerations = catalog
    .list()
    .filter((d) => d.type === 'enumeration' && !d.externalOptions)
    .map((d) => d.name);

  for (const i of order) {
    const person = people[i];
    if (!person?.hubspot) continue;
    const ownerKey = person.salesforceContact?.ownerId ?? person.salesforceLead?.ownerId;
    const props = contactProperties(
      person,
      person.companyKey ? companies.get(person.companyKey) : undefined,
      ownerKey ? owners.get(ownerKey) : undefined,
    );
    for (const name of Object.keys(person.hubspot.properties)) {
      if (!catalog.get(name))
        catalog.create({
          name,
          label: humanize(name),
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
        });
    }
    for (const name of enumerations) {
      const value = props[name];
      if (value !== undefined) catalog.ensureOption(name, value);
    }
    const createdMs = created[i] ?? 0;
    const updatedMs = Math.max(createdMs, Date.parse(person.hubspot.updatedAt));
    const company = person.companyKey ? companies.get(person.companyKey) : undefined;
    const companyId = company ? companyRow(state, company, createdMs, companyRows) : undefined;
    if (companyId !== undefined) props.associatedcompanyid = String(companyId);
    const row = store.insert(props, createdMs, updatedMs, 0, false);
    state.personKeys.set(person.key, row.id);
    if (companyId !== undefined) state.associations.add('contacts', row.id, 'companies', companyId);
  }

  const activities = dataset.activities
    .filter((a) => a.crm === 'hubspot' && state.personKeys.has(a.personKey))
    .map((a) => ({ a, ms: Date.parse(a.occurredAt) }))
    .sort((x, y) => x.ms - y.ms);
  for (const { a, ms } of activities) {
    const contact = store.get(state.personKeys.get(a.personKey) ?? -1);
    if (contact)
      state.recordActivity(
        contact,
        { type: a.type, ms, name: a.name, url: a.url, tag: a.tag, campaign: a.campaign },
        true,
      );
  }
  state.finishLoad();
  return { contacts: people.length, activities: activities.length, ms: performance.now() - started };
}

function humanize(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
