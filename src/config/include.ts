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

export const SyncInclude = z.strictObject({
  salesforce: SalesforceInclude.optional(),
});
export type SyncInclude = z.infer<typeof SyncInclude>;
