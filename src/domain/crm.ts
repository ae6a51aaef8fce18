import { z } from 'zod';

/** The CRMs leadloop connects. Everything above `connectors/` treats them as data, never as branches. */
export const CrmName = z.enum(['hubspot', 'salesforce']);
export type CrmName = z.infer<typeof CrmName>;

/**
 * The person-shaped objects a connector syncs. HubSpot has `contact`; Salesforce has `lead` and `contact`.
 * Names are CRM-neutral and lower-case; each connector maps them to its own (`contacts`, `Lead`, `Contact`).
 */
export const PersonObject = z.enum(['contact', 'lead']);
export type PersonObject = z.infer<typeof PersonObject>;

/** ISO-8601 timestamp string (UTC, with milliseconds), the only time format crossing module boundaries. */
export const IsoTime = z.iso.datetime({ offset: true });
export type IsoTime = z.infer<typeof IsoTime>;
