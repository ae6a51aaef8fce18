/**
 * The sandbox world: one CRM-neutral snapshot of people, companies, activities and opportunities that
 * both sandbox servers load, each seeing its own side. The seeded generator writes it, `--export` saves
 * it and `--data` loads an admin's own snapshot in the same format (documented in the README).
 */
import { z } from 'zod';
import { ActivityType } from '../../src/domain/activity.ts';
import { IsoTime } from '../../src/domain/crm.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const SandboxUser = z.strictObject({
  /** Salesforce User id (18 chars, prefix 005) */
  id: z.string(),
  name: z.string(),
  email: z.string(),
  isActive: z.boolean().default(true),
  /** HubSpot owner id for the same person. */
  hubspotOwnerId: z.string().optional(),
  /** Salesforce `User.ManagerId`: whom an SLA escalation reaches. */
  managerId: z.string().optional(),
});

export const SandboxCompany = z.strictObject({
  key: z.string(),
  name: z.string(),
  domain: z.string().nullish(),
  industry: z.string().nullish(),
  numberOfEmployees: z.number().int().nullish(),
  annualRevenue: z.number().nullish(),
  country: z.string().nullish(),
});

/** A person's presence in HubSpot: absent means "not in HubSpot". */
export const HubSpotPresence = z.strictObject({
  createdAt: IsoTime,
  updatedAt: IsoTime,
  lifecyclestage: z.string().nullish(),
  hs_lead_status: z.string().nullish(),
  /** Any further HubSpot properties (custom ones included), by internal name. */
  properties: z.record(z.string(), z.string().nullable()).default({}),
});

/** A Salesforce Lead for the person. A converted Lead points at the Contact it became. */
export const SalesforceLeadPresence = z.strictObject({
  createdAt: IsoTime,
  updatedAt: IsoTime,
  status: z.string(),
  ownerId: z.string(),
  isConverted: z.boolean().default(false),
  convertedAt: IsoTime.nullish(),
  fields: z.record(z.string(), Scalar).default({}),
});

export const SalesforceContactPresence = z.strictObject({
  createdAt: IsoTime,
  updatedAt: IsoTime,
  ownerId: z.string(),
  fields: z.record(z.string(), Scalar).default({}),
});

export const SandboxPerson = z.strictObject({
  key: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string(),
  /** As entered: duplicates differing only by case are realistic and kept. */
  email: z.string().nullish(),
  jobTitle: z.string().nullish(),
  phone: z.string().nullish(),
  companyKey: z.string().nullish(),
  leadSource: z.string().nullish(),
  country: z.string().nullish(),
  optedOutOfEmail: z.boolean().default(false),
  doNotCall: z.boolean().default(false),
  hubspot: HubSpotPresence.optional(),
  salesforceLead: SalesforceLeadPresence.optional(),
  salesforceContact: SalesforceContactPresence.optional(),
});

export const SandboxActivity = z.strictObject({
  key: z.string(),
  personKey: z.string(),
  /** Which CRM records it: marketing behaviour lives in HubSpot, sales tasks/events/campaigns in Salesforce. */
  crm: z.enum(['hubspot', 'salesforce']),
  type: ActivityType,
  occurredAt: IsoTime,
  name: z.string().nullish(),
  url: z.string().nullish(),
  tag: z.string().nullish(),
  campaign: z.string().nullish(),
  /**
   * Salesforce Shared Activities: people (each with a Salesforce Contact) a Task or Event relates to
   * besides `personKey`, its primary `WhoId`, which must then be a Contact too.
   */
  relatedPersonKeys: z.array(z.string()).nullish(),
});

export const SandboxOpportunity = z.strictObject({
  key: z.string(),
  name: z.string(),
  companyKey: z.string().nullish(),
  stageName: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  amount: z.number().nullable(),
  createdAt: IsoTime,
  closeDate: IsoTime,
  ownerId: z.string(),
  /** People (with a Salesforce Contact) holding a contact role on it. */
  contactPersonKeys: z.array(z.string()),
});

export const SandboxDataset = z.strictObject({
  format: z.literal('leadloop-sandbox/1'),
  seed: z.number().int().nullish(),
  /** The dataset's "now": activities and dates are relative to it. */
  generatedAt: IsoTime,
  users: z.array(SandboxUser),
  companies: z.array(SandboxCompany),
  people: z.array(SandboxPerson),
  activities: z.array(SandboxActivity),
  opportunities: z.array(SandboxOpportunity),
});

export type SandboxUser = z.infer<typeof SandboxUser>;
export type SandboxCompany = z.infer<typeof SandboxCompany>;
export type SandboxPerson = z.infer<typeof SandboxPerson>;
export type SandboxActivity = z.infer<typeof SandboxActivity>;
export type SandboxOpportunity = z.infer<typeof SandboxOpportunity>;
export type SandboxDataset = z.infer<typeof SandboxDataset>;
