/**
 * The few standard CRM fields the agreed contract itself is defined on (Lead Status is the sales
 * feedback, OwnerId is what an SLA re-route changes, LastName/Company are what Salesforce requires to
 * create a Lead). Kept as data in one place; nothing else in the engine names a vendor field.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';

export const WELL_KNOWN = {
  /** Salesforce Lead Status: the sales feedback mapped by `stages.salesFeedback`. */
  salesStatus: { crm: 'salesforce', object: 'lead', field: 'Status' },
  /** Salesforce Lead conversion flag: a converted Lead is SQL evidence. */
  converted: { crm: 'salesforce', object: 'lead', field: 'IsConverted' },
  /** The record owner re-routed on an SLA breach and set on hand-off. */
  owner: { crm: 'salesforce', field: 'OwnerId' },
  /** HubSpot's own forward-only lifecycle stage, touched only through `fields.hubspotLifecycleStage`. */
  lifecycleStage: { crm: 'hubspot', object: 'contact', field: 'lifecyclestage' },
} as const;

/** Fields a CRM requires to create a person, with the fallback used when the other side has no value. */
export const REQUIRED_ON_CREATE: Readonly<
  Record<CrmName, Partial<Record<PersonObject, Record<string, string>>>>
> = {
  salesforce: { lead: { LastName: '[not provided]', Company: '[not provided]' } },
  hubspot: {},
};

/** HubSpot lifecycle stages in their only allowed direction (the Contacts guide: forward only). */
export const HUBSPOT_LIFECYCLE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;
