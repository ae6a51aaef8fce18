/** What linking reports besides the links themselves. */
import type { PersonObject } from '../domain/crm.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';

export type Ambiguity =
  /** Several people could take this record; `chosen` won by the link rule. */
  | {
      readonly kind: 'several-candidates';
      readonly ref: RecordRef;
      readonly email: string | null;
      readonly chosen: string;
      readonly candidates: readonly string[];
      readonly rule: 'stored-id' | 'email';
    }
  /** A HubSpot record became a person of its own although others share its email (HubSpot duplicates are not joined). */
  | {
      readonly kind: 'duplicate-email';
      readonly ref: RecordRef;
      readonly email: string;
      readonly personIds: readonly string[];
    }
  /** The record names a linked id (`leadloop_salesforce_id` / `Leadloop_HubSpot_Id__c`) whose person already holds another record. */
  | {
      readonly kind: 'stored-id-taken';
      readonly ref: RecordRef;
      readonly storedId: string;
      readonly personId: string;
    }
  /**
   * A record was merged in its CRM into one another person holds, and the two cannot be one person (a
   * HubSpot contact each, or a Salesforce record each under different emails): `personId` keeps its other
   * record and never gets the merged-away one recreated. Merge the other CRM's records too.
   */
  | {
      readonly kind: 'merged-into-another-person';
      readonly ref: RecordRef;
      readonly into: RecordRef;
      readonly personId: string;
      readonly otherPersonId: string;
    }
  /** A converted Lead's Contact belongs to another person that also has a HubSpot contact: not merged. */
  | {
      readonly kind: 'converted-contact-linked-elsewhere';
      readonly ref: RecordRef;
      readonly contactId: string;
      readonly personId: string;
      readonly otherPersonId: string;
    };

export interface LinkResult {
  /** New or changed links, `updatedAt` = now: put them. */
  readonly links: PersonLink[];
  /** People left with no record (their last one was deleted) or merged into another: delete them. */
  readonly unlinked: string[];
  readonly ambiguities: Ambiguity[];
  /** Living people whose records or links changed in this batch: mark them dirty. */
  readonly affectedPersonIds: string[];
  /**
   * Records deleted in their CRM (or merged into another person's record that this person cannot join)
   * and removed from a living person. The person keeps the other side and must never get the deleted
   * record recreated: the engine records this before any hand-off.
   */
  readonly detached: { readonly personId: string; readonly ref: RecordRef }[];
  /**
   * People merged into another: a converted Lead's Contact was theirs alone, a Salesforce-only person
   * shares its email with a person who has a HubSpot contact, or the CRM merged their record into one the
   * other person holds. The survivor takes over their duplicates.
   */
  readonly merged: { readonly from: string; readonly into: string }[];
  /** Records merged into another in their CRM whose person now holds the survivor (link-merges.ts). */
  readonly recordMerges: { readonly from: RecordRef; readonly into: RecordRef; readonly personId: string }[];
  /**
   * Salesforce records that joined a living person as duplicates in this batch (newcomers with the email of
   * a person whose Salesforce place is taken, and primaries displaced by a better record): record them on
   * the person, never hand them off.
   */
  readonly duplicates: { readonly personId: string; readonly ref: RecordRef; readonly email: string }[];
  /**
   * Converted Leads whose person now holds the Contact. The Lead leaves the link, so the stage step can no
   * longer see `IsConverted` on it: the engine remembers the conversion on the person. `at` is the Lead's
   * `SystemModstamp` (a converted Lead is read-only, so its last change is the conversion).
   */
  readonly conversions: {
    readonly personId: string;
    readonly leadId: string;
    readonly contactId: string;
    readonly at: string;
  }[];
}

export interface ExistingLinks {
  /** Links of the batch's records (and of the records they name by stored id or conversion), by `refKey`. */
  readonly byRef: ReadonlyMap<string, PersonLink>;
  /** Links by normalised email of the batch's records. */
  readonly byEmail: ReadonlyMap<string, readonly PersonLink[]>;
}

export const OBJECT_ORDER: Record<PersonObject, number> = { contact: 0, lead: 1 };
