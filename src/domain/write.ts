import { z } from 'zod';
import type { PersonObject } from './crm.ts';
import { FieldValue } from './person.ts';

/** Values to set on one existing record. Only fields that differ are ever sent (plan = diff). */
export const RecordUpdate = z.strictObject({
  id: z.string().min(1),
  fields: z.record(z.string(), FieldValue),
});
export type RecordUpdate = z.infer<typeof RecordUpdate>;

/**
 * A record to create idempotently: `externalIdField`/`externalId` name the unique key to upsert on
 * (Salesforce `Leadloop_HubSpot_Id__c`, HubSpot `leadloop_salesforce_id`), so a retry never duplicates.
 */
export const RecordCreate = z.strictObject({
  externalIdField: z.string(),
  externalId: z.string().min(1),
  fields: z.record(z.string(), FieldValue),
});
export type RecordCreate = z.infer<typeof RecordCreate>;

/** Closed failure taxonomy: everything above the connectors switches on `kind`. */
export const FailureKind = z.enum(['config', 'auth', 'rate_limited', 'transient', 'record']);
export type FailureKind = z.infer<typeof FailureKind>;

export const RecordFailure = z.strictObject({
  kind: FailureKind,
  retryable: z.boolean(),
  /** The CRM's own code: VALIDATION_ERROR, UNABLE_TO_LOCK_ROW, FIELD_CUSTOM_VALIDATION_EXCEPTION... */
  code: z.string(),
  message: z.string(),
  fields: z.array(z.string()).default([]),
});
export type RecordFailure = z.infer<typeof RecordFailure>;

/** The record a create found already there, named by the CRM's refusal. */
export interface ExistingRecord {
  readonly object: PersonObject;
  readonly id: string;
}

/**
 * Per-record outcome of a write or create, in input order. Never all-or-nothing across a batch.
 * A refused create may carry `existing`: the CRM already holds this person (HubSpot `409 CONFLICT ...
 * Existing ID: N`, a Salesforce duplicate rule naming its match). Nothing was written; the engine links to
 * that record and writes there instead, so it never becomes a failure of the record.
 */
export type WriteOutcome =
  | { readonly ok: true; readonly key: string; readonly id: string; readonly created?: boolean }
  | {
      readonly ok: false;
      readonly key: string;
      readonly failure: RecordFailure;
      readonly existing?: ExistingRecord;
      /**
       * The CRM no longer holds the record (HubSpot `OBJECT_NOT_FOUND`: deleted for good, or merged
       * away; Salesforce `ENTITY_IS_DELETED`). Nothing was written; the engine reads the id again to
       * tell a merge (another record answers for it) from a deletion, and unlinks or re-links.
       */
      readonly gone?: boolean;
    };
