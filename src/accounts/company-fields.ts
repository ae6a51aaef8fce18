/**
 * The standard CRM fields account scoring reads, as data in one place (like src/sync/crm-fields.ts):
 * which company field holds each neutral company field, and which person field names the person's
 * company. Nothing else in src/accounts names a vendor field.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { CompanyField } from './schema.ts';

/**
 * HubSpot company properties and Salesforce Account fields. HubSpot's `domain` is the company's domain
 * name; Salesforce has none, so its `Website` stands in (a URL, normalised to its host).
 */
export const COMPANY_API_FIELDS: Readonly<Record<CrmName, Readonly<Record<CompanyField, string>>>> = {
  hubspot: {
    name: 'name',
    domain: 'domain',
    industry: 'industry',
    employees: 'numberofemployees',
    revenue: 'annualrevenue',
    country: 'country',
  },
  salesforce: {
    name: 'Name',
    domain: 'Website',
    industry: 'Industry',
    employees: 'NumberOfEmployees',
    revenue: 'AnnualRevenue',
    country: 'BillingCountry',
  },
};

/** The person field holding the id of the person's company, per CRM and person object. */
export const PERSON_COMPANY_ID_FIELDS: Readonly<Record<CrmName, Partial<Record<PersonObject, string>>>> = {
  // The contact's primary company (HubSpot keeps this property in step with the primary association).
  hubspot: { contact: 'associatedcompanyid' },
  // A Lead has an Account only once converted.
  salesforce: { contact: 'AccountId', lead: 'ConvertedAccountId' },
};

/** The person field holding a company name as typed (for the `company-name` match). */
export const PERSON_COMPANY_NAME_FIELDS: Readonly<Record<CrmName, Partial<Record<PersonObject, string>>>> = {
  hubspot: { contact: 'company' },
  salesforce: { lead: 'Company' },
};

/** The person field holding the email (for the `email-domain` match). */
export const PERSON_EMAIL_FIELDS: Readonly<Record<CrmName, string>> = {
  hubspot: 'email',
  salesforce: 'Email',
};

/** Every company field a read must ask for, leadloop's own fields aside. */
export function companyReadFields(crm: CrmName): string[] {
  return Object.values(COMPANY_API_FIELDS[crm]);
}

/** The person fields a pull must add so people find their company. */
export function personCompanyFields(crm: CrmName, object: PersonObject): string[] {
  return [
    PERSON_COMPANY_ID_FIELDS[crm][object],
    PERSON_COMPANY_NAME_FIELDS[crm][object],
    PERSON_EMAIL_FIELDS[crm],
  ].filter((f): f is string => f !== undefined);
}
