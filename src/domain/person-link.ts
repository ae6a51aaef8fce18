/**
 * One person across the CRMs and the records they hold. A link has one column per record kind leadloop
 * keeps (a HubSpot contact, a Salesforce Lead, a Salesforce Contact), so every conversion between a
 * link's columns and record refs lives here, once.
 */
import { z } from 'zod';
import { LeadloopError } from '../lib/errors.ts';
import { CrmName, IsoTime, PersonObject } from './crm.ts';

/** A reference to one record in one CRM; `refKey` turns it into a stable string key. */
export const RecordRef = z.strictObject({ crm: CrmName, object: PersonObject, id: z.string().min(1) });
export type RecordRef = z.infer<typeof RecordRef>;
export const refKey = (r: RecordRef): string => `${r.crm}:${r.object}:${r.id}`;

/** One person as leadloop links them across the CRMs. */
export const PersonLink = z.strictObject({
  personId: z.string().min(1),
  hubspotId: z.string().nullable(),
  salesforceLeadId: z.string().nullable(),
  salesforceContactId: z.string().nullable(),
  /** Normalised (trimmed, lower-case) email, the fallback link key. */
  email: z.string().nullable(),
  updatedAt: IsoTime,
});
export type PersonLink = z.infer<typeof PersonLink>;

/** The link column a record id lives in. */
export type LinkIdField = 'hubspotId' | 'salesforceLeadId' | 'salesforceContactId';
export const LINK_ID_FIELDS: readonly LinkIdField[] = [
  'hubspotId',
  'salesforceLeadId',
  'salesforceContactId',
];

/** The column for a ref, or null for refs no link can hold (a HubSpot "lead"). */
export function linkFieldOf(ref: { crm: CrmName; object: PersonObject }): LinkIdField | null {
  if (ref.crm === 'hubspot') return ref.object === 'contact' ? 'hubspotId' : null;
  return ref.object === 'lead' ? 'salesforceLeadId' : 'salesforceContactId';
}

const FIELD_REFS: readonly { field: LinkIdField; crm: CrmName; object: PersonObject }[] = [
  { field: 'hubspotId', crm: 'hubspot', object: 'contact' },
  { field: 'salesforceLeadId', crm: 'salesforce', object: 'lead' },
  { field: 'salesforceContactId', crm: 'salesforce', object: 'contact' },
];

/** The record refs a link holds, in column order (HubSpot contact, Salesforce Lead, Salesforce Contact). */
export function refsOf(link: PersonLink): RecordRef[] {
  const refs: RecordRef[] = [];
  for (const { field, crm, object } of FIELD_REFS) {
    const id = link[field];
    if (id) refs.push({ crm, object, id });
  }
  return refs;
}

/** The link holding `ref` in its column (replacing whatever id was there). */
export function withRecord(link: PersonLink, ref: RecordRef): PersonLink {
  const field = columnOf(ref);
  return { ...link, [field]: ref.id };
}

/** The link without `ref`; unchanged when its column holds another id. */
export function withoutRecord(link: PersonLink, ref: RecordRef): PersonLink {
  const field = columnOf(ref);
  return link[field] === ref.id ? { ...link, [field]: null } : link;
}

/** True when the link holds no record at all (the person is gone). */
export function holdsNoRecord(link: PersonLink): boolean {
  return LINK_ID_FIELDS.every((f) => link[f] === null);
}

function columnOf(ref: RecordRef): LinkIdField {
  const field = linkFieldOf(ref);
  // Refs come from connectors, which never name a HubSpot lead as a person record.
  if (field === null)
    throw new LeadloopError('LINK_NO_COLUMN', `no link column holds a ${ref.crm} ${ref.object}`, { ref });
  return field;
}
