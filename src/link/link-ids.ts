/**
 * The stored-id writes that make both sides carry each other's id: the HubSpot contact gets the
 * Salesforce id in `<prefix>_salesforce_id`, the Salesforce record the HubSpot id in
 * `<Prefix>_HubSpot_Id__c`. They make the link survive email changes and a lost state store, and give
 * creates an idempotent upsert key. Only missing or different ids are written; stale ids on records whose
 * partner is gone are left alone (a link by record id always wins over one by email).
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import { ownFieldName } from '../mapping/own-fields.ts';
import { type PersonLink, type RecordRef, refKey } from '../domain/person-link.ts';

export interface IdWrite {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly field: string;
  readonly value: string;
}

/** The Salesforce record a person syncs with: its Contact, else its Lead. */
export function primarySalesforceRef(link: PersonLink): RecordRef | null {
  if (link.salesforceContactId !== null)
    return { crm: 'salesforce', object: 'contact', id: link.salesforceContactId };
  if (link.salesforceLeadId !== null) return { crm: 'salesforce', object: 'lead', id: link.salesforceLeadId };
  return null;
}

function holds(
  current: Readonly<Record<string, FieldValue>> | undefined,
  field: string,
  id: string,
): boolean {
  const value = current?.[field];
  return (typeof value === 'string' ? value.trim() : value) === id;
}

/**
 * Writes needed for one person. `current` holds the fields each record has now (pulled or snapshot),
 * keyed by `refKey`; a record missing from it gets its id written.
 */
export function linkIdWrites(
  link: PersonLink,
  current: ReadonlyMap<string, Readonly<Record<string, FieldValue>>>,
  prefix = 'leadloop',
): IdWrite[] {
  const sf = primarySalesforceRef(link);
  if (link.hubspotId === null || sf === null) return [];
  const hs: RecordRef = { crm: 'hubspot', object: 'contact', id: link.hubspotId };
  const writes: IdWrite[] = [];
  const pairs: [RecordRef, string][] = [
    [hs, sf.id],
    [sf, hs.id],
  ];
  for (const [ref, partnerId] of pairs) {
    const field = ownFieldName(ref.crm, 'linkedId', prefix);
    if (!holds(current.get(refKey(ref)), field, partnerId)) writes.push({ ...ref, field, value: partnerId });
  }
  return writes;
}
