/**
 * `sync.include`: which records leadloop reads and writes, per CRM. People outside are neither scored nor
 * handed off on that side; a record that leaves the filter is handled like a deletion (unlinked,
 * remembered, never recreated).
 */
import { z } from 'zod';

export const SalesforceInclude = z.strictObject({
  /**
   * A SOQL WHERE fragment per object (conditions only: `Country IN ('Germany','Austria')`,
   * `RecordType.DeveloperName = 'Inbound'`), checked against the object's describe before each pull.
   */
  lead: z.string().trim().min(1).optional(),
  contact: z.string().trim().min(1).optional(),
});
export type SalesforceInclude = z.infer<typeof SalesforceInclude>;

/**
 * One condition on a HubSpot contact property, shaped like a CRM search filter
 * (developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm). Strings compare trimmed and in
 * any case; LT/LTE/GT/GTE compare numbers (dates as epoch milliseconds or ISO instants).
 */
export const HubSpotFilter = z.discriminatedUnion('operator', [
  z.strictObject({
    propertyName: z.string().min(1),
    operator: z.enum(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE']),
    value: z.union([z.string(), z.number(), z.boolean()]),
  }),
  z.strictObject({
    propertyName: z.string().min(1),
    operator: z.enum(['IN', 'NOT_IN']),
    values: z.array(z.union([z.string(), z.number()])).min(1),
  }),
  z.strictObject({
    propertyName: z.string().min(1),
    operator: z.enum(['HAS_PROPERTY', 'NOT_HAS_PROPERTY']),
  }),
]);
export type HubSpotFilter = z.infer<typeof HubSpotFilter>;

/**
 * HubSpot's search limits, kept so a filter copied from (or into) a search request stays valid: five
 * groups, ten filters per group, 25 in all (developers.hubspot.com/changelog/breaking-change-expanded-
 * filtering-capabilities-and-error-messaging-in-hubspots-search-api).
 */
export const HubSpotInclude = z.strictObject({
  /** A contact is inside when every filter of any one group holds (groups OR, filters AND). */
  filterGroups: z
    .array(z.strictObject({ filters: z.array(HubSpotFilter).min(1).max(10) }))
    .min(1)
    .max(5)
    .refine((groups) => groups.reduce((n, g) => n + g.filters.length, 0) <= 25, {
      message: 'at most 25 filters in all (HubSpot search limit)',
    }),
});
export type HubSpotInclude = z.infer<typeof HubSpotInclude>;

export const SyncInclude = z.strictObject({
  salesforce: SalesforceInclude.optional(),
  hubspot: HubSpotInclude.optional(),
});
export type SyncInclude = z.infer<typeof SyncInclude>;
