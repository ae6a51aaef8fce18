/**
 * Companies across the CRMs become accounts the way people become persons: first by the ids leadloop
 * wrote into each side (`leadloop_salesforce_account_id`, `Leadloop_HubSpot_Company_Id__c`), then by
 * normalised domain. A further company with an account's domain in a CRM that already has the account's
 * primary joins it as a duplicate: it carries the account's score but is never the link. The primary of
 * a domain is the record already linked, else the most recently modified. Pure.
 */
import type { CompanyRecord } from '../domain/company.ts';
import type { CrmName } from '../domain/crm.ts';
import { companyFieldName } from './account-fields.ts';
import { COMPANY_API_FIELDS } from './company-fields.ts';
import { normaliseDomain } from './normalise-domain.ts';

export interface LinkedAccount {
  /** Stable while the primaries stay: `hubspot:<id>` when there is a HubSpot company, else `salesforce:<id>`. */
  readonly key: string;
  readonly hubspot: CompanyRecord | null;
  readonly salesforce: CompanyRecord | null;
  /** Further records of the same company (same domain) in either CRM. */
  readonly duplicates: readonly CompanyRecord[];
}

interface Building {
  hubspot: CompanyRecord | null;
  salesforce: CompanyRecord | null;
  duplicates: CompanyRecord[];
}

const OTHER: Record<CrmName, CrmName> = { hubspot: 'salesforce', salesforce: 'hubspot' };

/** The id of the other CRM's record this one names, if any. */
export function storedLinkedId(record: CompanyRecord, prefix: string): string | null {
  const value = record.fields[companyFieldName(record.crm, 'linkedCompanyId', prefix)];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function companyDomain(record: CompanyRecord): string | null {
  return normaliseDomain(record.fields[COMPANY_API_FIELDS[record.crm].domain]);
}

const newestFirst = (a: CompanyRecord, b: CompanyRecord): number =>
  b.modifiedAt.localeCompare(a.modifiedAt) || a.id.localeCompare(b.id);

export function linkCompanies(
  companies: { readonly hubspot: readonly CompanyRecord[]; readonly salesforce: readonly CompanyRecord[] },
  prefix: string,
): LinkedAccount[] {
  const byId: Record<CrmName, Map<string, CompanyRecord>> = {
    hubspot: new Map(companies.hubspot.map((c) => [c.id, c])),
    salesforce: new Map(companies.salesforce.map((c) => [c.id, c])),
  };
  const placed = new Set<string>();
  const at = (r: CompanyRecord): string => `${r.crm}:${r.id}`;
  const groups: Building[] = [];

  // 1. Stored ids, HubSpot's claim first; a claim on a record already placed (or gone) is void.
  for (const crm of ['hubspot', 'salesforce'] as const) {
    for (const record of [...byId[crm].values()].sort(newestFirst)) {
      if (placed.has(at(record))) continue;
      const otherId = storedLinkedId(record, prefix);
      const other = otherId === null ? undefined : byId[OTHER[crm]].get(otherId);
      if (other === undefined || placed.has(at(other))) continue;
      placed.add(at(record));
      placed.add(at(other));
      groups.push(
        crm === 'hubspot'
          ? { hubspot: record, salesforce: other, duplicates: [] }
          : { hubspot: other, salesforce: record, duplicates: [] },
      );
    }
  }

  // 2. Domains: linked groups claim their domains first, then the newest record of a domain leads.
  const byDomain = new Map<string, Building>();
  const claim = (group: Building, record: CompanyRecord | null): void => {
    const domain = record === null ? null : companyDomain(record);
    if (domain !== null && !byDomain.has(domain)) byDomain.set(domain, group);
  };
  for (const group of groups) {
    claim(group, group.hubspot);
    claim(group, group.salesforce);
  }
  const rest = [...companies.hubspot, ...companies.salesforce]
    .filter((r) => !placed.has(at(r)))
    .sort(newestFirst);
  for (const record of rest) {
    const domain = companyDomain(record);
    const group = domain === null ? undefined : byDomain.get(domain);
    if (group === undefined) {
      const created: Building = { hubspot: null, salesforce: null, duplicates: [] };
      created[record.crm] = record;
      groups.push(created);
      claim(created, record);
    } else if (group[record.crm] === null) group[record.crm] = record;
    else group.duplicates.push(record);
  }

  return groups.map((g) => {
    const lead = g.hubspot ?? g.salesforce;
    return {
      key: lead === null ? '' : `${lead.crm}:${lead.id}`,
      hubspot: g.hubspot,
      salesforce: g.salesforce,
      duplicates: g.duplicates,
    };
  });
}
