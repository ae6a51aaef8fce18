/**
 * Fills the sandbox org from a `SandboxDataset`: the Salesforce side of each person (Lead, Contact,
 * converted Lead), their Accounts, Salesforce-recorded activities (Task, Event, CampaignMember) and
 * opportunities with contact roles. Ids are allocated in dataset order, so the same dataset always
 * yields the same ids.
 */
import type { SandboxCompany, SandboxDataset, SandboxPerson } from '../../../sandbox/dataset.ts';
import type { SfValue } from '../catalog/field-def.ts';
import { applyExtraFields, ensurePicklistValue, splitName, stamp } from './dataset-values.ts';
import { syncLeadStatusRows } from './lead-status-rows.ts';
import { loadActivity, loadOpportunities } from './load-activities.ts';
import type { SalesforceStore } from './salesforce-store.ts';
import type { SObjectTable } from './table.ts';

export function loadDataset(store: SalesforceStore, dataset: SandboxDataset): void {
  const users = store.mustTable('User');
  const datasetUserIds = new Set(dataset.users.map((u) => u.id));
  let integrationId = store.ids.allocate(users.def.keyPrefix);
  while (datasetUserIds.has(integrationId)) integrationId = store.ids.allocate(users.def.keyPrefix);
  store.integrationUserId = integrationId;
  const loadedAt = stamp(dataset.generatedAt);
  store.insertRow(
    users,
    {
      FirstName: 'Leadloop',
      LastName: 'Integration',
      Username: store.integrationUsername,
      Email: store.integrationUsername,
      Alias: 'leadloop',
    },
    { createdAt: loadedAt, modifiedAt: loadedAt, id: integrationId },
  );
  for (const u of dataset.users) {
    store.insertRow(
      users,
      {
        ...splitName(u.name),
        Username: u.email,
        Email: u.email,
        Alias: u.name.slice(0, 8),
        IsActive: u.isActive,
        ManagerId: u.managerId ?? null,
      },
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
    const id = store.insertRow(contacts, row, { createdAt: created, modifiedAt: stamp(sc.updatedAt) })[
      'Id'
    ] as string;
    store.contactByPersonKey.set(p.key, id);
  }
  for (const p of dataset.people) if (p.salesforceLead) loadLead(store, leads, p, companies);
  const members = new Map<string, string>();
  for (const a of dataset.activities) if (a.crm === 'salesforce') loadActivity(store, a, members);
  loadOpportunities(store, dataset, accountFor);
  syncLeadStatusRows(store);
  // Build every modstamp order now, so the first incremental query does not pay for it.
  for (const table of store.tables.values()) table.ordered();
}

function loadLead(
  store: SalesforceStore,
  leads: SObjectTable,
  p: SandboxPerson,
  companies: Map<string, SandboxCompany>,
): void {
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
  const id = store.insertRow(leads, row, { createdAt: stamp(sl.createdAt), modifiedAt: stamp(sl.updatedAt) })[
    'Id'
  ] as string;
  store.leadByPersonKey.set(p.key, id);
}
