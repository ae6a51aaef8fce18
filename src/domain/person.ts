import { z } from 'zod';
import { CrmName, IsoTime, PersonObject } from './crm.ts';

/** A field value as the CRM holds it, normalised to string | number | boolean | null. */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

/**
 * One person record as a connector pulled it. `fields` are keyed by the CRM's own API names
 * (HubSpot property names, Salesforce field names); `src/mapping` translates them.
 */
export const PersonRecord = z.strictObject({
  crm: CrmName,
  object: PersonObject,
  id: z.string().min(1),
  /** The modification stamp the incremental cursor is keyed on (lastmodifieddate / SystemModstamp). */
  modifiedAt: IsoTime,
  createdAt: IsoTime.optional(),
  fields: z.record(z.string(), FieldValue),
  /** Deleted / archived on the CRM side: the link is dropped, the person is never recreated. */
  deleted: z.boolean().default(false),
  /** With `deleted`: not deleted, but outside `sync.include` (src/sync/excluded-records.ts). */
  excluded: z.boolean().optional(),
  /** Salesforce converted Lead: the Contact it became. Links follow the Contact. */
  convertedContactId: z.string().nullish(),
  /**
   * Records merged into this one in its CRM (HubSpot `hs_merged_object_ids`): whoever held one of them
   * now holds this record. Never this record's own id.
   */
  mergedIds: z.array(z.string().min(1)).optional(),
  /**
   * A deleted record merged into another of the same object (Salesforce `MasterRecordId`): its link
   * moves to that record instead of being dropped.
   */
  mergedInto: z.string().min(1).nullish(),
});
export type PersonRecord = z.infer<typeof PersonRecord>;

/**
 * A record a connector read but could not accept (a value that fails its schema): reported, never silently
 * dropped, and never allowed to stop the rest of its page.
 */
export interface RejectedRecord {
  readonly crm: z.infer<typeof CrmName>;
  readonly object: z.infer<typeof PersonObject>;
  readonly id: string;
  /** What was wrong, naming the offending field(s). */
  readonly reason: string;
}

/** A page of records plus the cursor that resumes *after* it. Commit the cursor only after the page's work. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque, serialisable; pass back to resume. */
  readonly cursor: string;
  /** Records of this page left out of `items` because they failed the connector's schema. */
  readonly rejected?: readonly RejectedRecord[];
}
