/**
 * Fills the sandbox org from a `SandboxDataset`: the Salesforce side of each person (Lead, Contact,
 * converted Lead), their Accounts, Salesforce-recorded activities (Task, Event, CampaignMember) and
 * opportunities with contact roles. Ids are allocated in dataset order, so the same dataset always
 * yields the same ids.
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { SandboxActivity, SandboxCompany, SandboxDataset, SandboxPerson } from '../../../sandbox/dataset.ts';
import type { FieldDef, SfValue } from '../catalog/field-def.ts';
import { addCustomField, metadataTypeFor } from './custom-fields.ts';
import type { SalesforceStore } from './salesforce-store.ts';
import { sfDateTime } from './store-core.ts';
import { syncLeadStatusRows } from './lead-status-rows.ts';
import type { SObjectTable } from './table.ts';

const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Dataset time → stored form; the common `…000Z` form is rewritten without a Date round trip. */
const stamp = (iso: string): string => (UTC_MS.test(iso) ? `${iso.slice(0, -1)}+0000` : sfDateTime(new Date(iso)));

function splitName(name: string): { FirstName: string | null; LastName: string } {
  const i = name.lastIndexOf(' ');
  return i < 0 ? { FirstName: null, LastName: name } : { FirstName: name.slice(0, i), LastName: name.slice(i + 1) };
}

/** Picklist values the dataset uses that the org lacks are added, as an admin would have. */
function ensurePicklistValue(store: SalesforceStore, table: SObjectTable, fieldName: string, value: SfValue): void {
  const field = table.field(fieldName);
  if (typeof value !== 'string' || !field?.valueSet) return;
  const values = store.valueSets.get(field.valueSet);
  if (values && !values.some((v) => v.valueName === value)) {
    values.push({ valueName: value, label: value, default: false, active: true });
  }
}

function inferMetadata(name: string, value: SfValue): Record<string, unknown> {
  const label = name.slice(0, -3).replace(/_/g, ' ');
  if (typeof value === 'number') return { label, type: 'Number', precision: 18, scale: Number.isInteger(value) ? 0 : 2 };
  if (typeof value === 'boolean') return { label, type: 'Checkbox', defaultValue: false };
  return { label, type: 'Text', length: 255 };
}

/** Copies dataset `fields` onto a row; unknown `__c` names become custom fields, other unknown names are errors. */
function applyExtraFields(store: SalesforceStore, table: SObjectTable, fields: Record<string, SfValue>, row: Record<string, SfValue>): void {
  for (const [name, value] of Object.entries(fields)) {
    let def: FieldDef | undefined = table.field(name);
    if (!def) {
      if (!name.endsWith('__c')) {
        throw new LeadloopError('SANDBOX_DATASET_FIELD', `dataset field ${table.def.name}.${name} is neither standard nor custom (__c)`, {
          sobject: table.def.name,
          field: name,
        });
      }
      def = addCustomField(store, table.def.name, name, inferMetadata(name, value)).field;
    }
    ensurePicklistValue(store, table, def.name, value);
    row[def.name] = value;
  }
}

export function loadDataset(store: SalesforceStore, dataset: SandboxDataset): void {
  const users = store.mustTable('User');
  const datasetUserIds = new Set(dataset.users.map((u) => u.id));
  let integrationId = store.ids.allocate(users.def.keyPrefix);
  while (datasetUserIds.has(integrationId)) integrationId = store.ids.allocate(users.def.keyPrefix);
  store.integrationUserId = integrationId;
  const loadedAt = stamp(dataset.generatedAt);
  store.insertRow(
    users,
    { FirstName: 'Leadloop', LastName: 'Integration', Username: store.integrationUsername, Email: store.integrationUsername, Alias: 'leadloop' },
    { createdAt: loadedAt, modifiedAt: loadedAt, id: integrationId },
  );
  for (const u of dataset.users) {
    store.insertRow(
      users,
      { ...splitName(u.name), Username: u.email, Email: u.email, Alias: u.name.slice(0, 8), IsActive: u.isActive },
      { createdAt: stamp(dataset.generatedAt), modifiedAt: stamp(dataset.generatedAt), id: u.id },
    );
  }
  const companies = new Map(dataset.companies.map((c) => [c.key, c]));
  const accountFor = (key: string | null | undefined, at: string): string | null => {
    if (!key) return null;
    const existing = store.accountByCompanyKey.get(key);
    if (existing) return existing;
    const c: SandboxCompany | undefined = companies.get(key);
    if (!c) return null;
    const accounts = store.mustTable('Account');
    ensurePicklistValue(store, accounts, 'Industry', c.industry ?? null);
    const id = store.insertRow(
      accounts,
      {
        Name: c.name,
        Industry: c.industry ?? null,
        NumberOfEmployees: c.numberOfEmployees ?? null,
        AnnualRevenue: c.annualRevenue ?? null,
        Website: c.domain ?? null,
        BillingCountry: c.country ?? null,
      },
      { createdAt: at, modifiedAt: at },
    )['Id'] as string;
    store.accountByCompanyKey.set(key, id);
    return id;
  };

  const contacts = store.mustTable('Contact');
  const leads = store.mustTable('Lead');
  for (const p of dataset.people) {
    if (!p.salesforceContact) continue;
    const sc = p.salesforceContact;
    const created = stamp(sc.createdAt);
    const row: Record<string, SfValue> = {
      FirstName: p.firstName ?? null,
      LastName: p.lastName,
      Email: p.email ?? null,
      Title: p.jobTitle ?? null,
      Phone: p.phone ?? null,
      LeadSource: p.leadSource ?? null,
      MailingCountry: p.country ?? null,
      HasOptedOutOfEmail: p.optedOutOfEmail,
      DoNotCall: p.doNotCall,
      OwnerId: sc.ownerId,
      AccountId: accountFor(p.companyKey, created),
    };
    ensurePicklistValue(store, contacts, 'LeadSource', row['LeadSource'] ?? null);
    applyExtraFields(store, contacts, sc.fields, row);
    const id = store.insertRow(contacts, row, { createdAt: created, modifiedAt: stamp(sc.updatedAt) })['Id'] as string;
    store.contactByPersonKey.set(p.key, id);
  }
  for (const p of dataset.people) if (p.salesforceLead) loadLead(store, leads, p, companies);
  const members = new Map<string, string>();
  for (const a of dataset.activities) if (a.crm === 'salesforce') loadActivity(store, a, members);
  loadOpportunities(store, dataset, accountFor);
  syncLeadStatusRows(store);
}

function loadLead(store: SalesforceStore, leads: SObjectTable, p: SandboxPerson, companies: Map<string, SandboxCompany>): void {
  const sl = p.salesforceLead;
  if (!sl) return;
  const company = p.companyKey ? companies.get(p.companyKey) : undefined;
  const contactId = sl.isConverted ? (store.contactByPersonKey.get(p.key) ?? null) : null;
  const contact = contactId ? store.get('Contact', contactId) : undefined;
  const row: Record<string, SfValue> = {
    FirstName: p.firstName ?? null,
    LastName: p.lastName,
    Email: p.email ?? null,
    Title: p.jobTitle ?? null,
    Company: company?.name ?? '[not provided]',
    Industry: company?.industry ?? null,
    NumberOfEmployees: company?.numberOfEmployees ?? null,
    AnnualRevenue: company?.annualRevenue ?? null,
    Website: company?.domain ?? null,
    Country: p.country ?? company?.country ?? null,
    Phone: p.phone ?? null,
    LeadSource: p.leadSource ?? null,
    Status: sl.status,
    OwnerId: sl.ownerId,
    HasOptedOutOfEmail: p.optedOutOfEmail,
    DoNotCall: p.doNotCall,
    IsConverted: sl.isConverted,
    ConvertedDate: sl.isConverted && sl.convertedAt ? sl.convertedAt.slice(0, 10) : null,
    ConvertedContactId: contactId,
    ConvertedAccountId: contact ? (contact['AccountId'] ?? null) : null,
  };
  for (const f of ['Status', 'LeadSource', 'Industry']) ensurePicklistValue(store, leads, f, row[f] ?? null);
  applyExtraFields(store, leads, sl.fields, row);
  const id = store.insertRow(leads, row, { createdAt: stamp(sl.createdAt), modifiedAt: stamp(sl.updatedAt) })['Id'] as string;
  store.leadByPersonKey.set(p.key, id);
}

const RESPONSE_TYPES = new Set(['campaign_response', 'webinar', 'form_submission', 'content_download']);

/** Salesforce-recorded behaviour: calls and emails are Tasks, meetings Events, campaign touches members. */
function loadActivity(store: SalesforceStore, a: SandboxActivity, memberIds: Map<string, string>): void {
  const whoId = store.contactByPersonKey.get(a.personKey) ?? store.leadByPersonKey.get(a.personKey);
  if (!whoId) return;
  const at = stamp(a.occurredAt);
  const when = { createdAt: at, modifiedAt: at };
  if (a.type === 'meeting') {
    const end = sfDateTime(new Date(Date.parse(a.occurredAt) + 30 * 60_000));
    store.insertRow(
      store.mustTable('Event'),
      { WhoId: whoId, Subject: a.name ?? 'Meeting', StartDateTime: at, EndDateTime: end, ActivityDateTime: at, ActivityDate: at.slice(0, 10), DurationInMinutes: 30, EventSubtype: 'Event' },
      when,
    );
    return;
  }
  if (RESPONSE_TYPES.has(a.type) || a.campaign) {
    const campaignName = a.campaign ?? a.name ?? a.type;
    let campaignId = store.campaignByName.get(campaignName);
    if (!campaignId) {
      campaignId = store.insertRow(store.mustTable('Campaign'), { Name: campaignName.slice(0, 80), IsActive: true, Status: 'In Progress', Type: a.type === 'webinar' ? 'Webinar' : 'Other' }, when)['Id'] as string;
      store.campaignByName.set(campaignName, campaignId);
    }
    const isContact = whoId.startsWith('003');
    const members = store.mustTable('CampaignMember');
    const status = RESPONSE_TYPES.has(a.type) ? 'Responded' : 'Sent';
    // One member per (campaign, person), as Salesforce enforces; a later response upgrades it.
    const memberKey = `${campaignId}|${whoId}`;
    const existing = memberIds.get(memberKey);
    if (existing) {
      const row = members.rows.get(existing);
      if (status === 'Responded' && row?.['Status'] !== 'Responded') {
        members.put({ ...row, Status: status, HasResponded: true, FirstRespondedDate: at.slice(0, 10), SystemModstamp: at, LastModifiedDate: at });
      }
      return;
    }
    const row = store.insertRow(members, { CampaignId: campaignId, [isContact ? 'ContactId' : 'LeadId']: whoId, Status: status }, when);
    memberIds.set(memberKey, row['Id'] as string);
    return;
  }
  const subtype = a.type === 'call' ? 'Call' : a.type.startsWith('email') ? 'Email' : 'Task';
  store.insertRow(
    store.mustTable('Task'),
    { WhoId: whoId, Subject: a.name ?? (subtype === 'Task' ? a.type : subtype), TaskSubtype: subtype, ActivityDate: at.slice(0, 10), Status: 'Completed', Priority: 'Normal', CallType: a.type === 'call' ? 'Outbound' : null },
    when,
  );
}

function loadOpportunities(store: SalesforceStore, dataset: SandboxDataset, accountFor: (key: string | null | undefined, at: string) => string | null): void {
  const stages = store.valueSets.get('OpportunityStage') ?? [];
  const opportunities = store.mustTable('Opportunity');
  const roles = store.mustTable('OpportunityContactRole');
  const now = stamp(dataset.generatedAt);
  for (const o of dataset.opportunities) {
    if (!stages.some((s) => s.valueName === o.stageName)) {
      stages.push({ valueName: o.stageName, label: o.stageName, default: false, active: true, closed: o.status !== 'open', won: o.status === 'won' });
    }
    const created = stamp(o.createdAt);
    const close = stamp(o.closeDate);
    const modified = o.status !== 'open' && close <= now && close > created ? close : created;
    const id = store.insertRow(
      opportunities,
      { Name: o.name, StageName: o.stageName, Amount: o.amount, CloseDate: close.slice(0, 10), OwnerId: o.ownerId, AccountId: accountFor(o.companyKey, created) },
      { createdAt: created, modifiedAt: modified },
    )['Id'] as string;
    let primary = true;
    for (const key of o.contactPersonKeys) {
      const contactId = store.contactByPersonKey.get(key);
      if (!contactId) continue;
      store.insertRow(roles, { OpportunityId: id, ContactId: contactId, IsPrimary: primary, Role: primary ? 'Decision Maker' : 'Influencer' }, { createdAt: created, modifiedAt: created });
      primary = false;
    }
  }
}
