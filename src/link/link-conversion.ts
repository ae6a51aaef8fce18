/**
 * A converted Salesforce Lead: the person follows the Contact it became. The Lead leaves the person and
 * the Contact takes its place; a Contact already on a person of its own is merged in (the person with the
 * HubSpot contact survives). Two people with two HubSpot contacts are never merged: that is reported.
 */
import type { LinkIndex } from './link-index.ts';
import type { Ambiguity } from './link-types.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';

export interface ConversionOutcome {
  /** The person now holding the Contact, when there is one. */
  readonly personId?: string;
  readonly merged?: { readonly from: string; readonly into: string };
  readonly ambiguity?: Ambiguity;
}

export function applyConversion(index: LinkIndex, lead: RecordRef, contactId: string): ConversionOutcome {
  const owner = index.personOf(lead);
  if (!owner || contactId === '') return {};
  const contactRef: RecordRef = { crm: 'salesforce', object: 'contact', id: contactId };
  const holder = index.personOf(contactRef);
  if (holder && holder.personId !== owner.personId) {
    if (holder.hubspotId !== null && owner.hubspotId !== null && holder.hubspotId !== owner.hubspotId) {
      return {
        ambiguity: {
          kind: 'converted-contact-linked-elsewhere',
          ref: lead,
          contactId,
          personId: owner.personId,
          otherPersonId: holder.personId,
        },
      };
    }
    // Keep the person that carries the HubSpot contact (its history and stage); the other is merged away.
    const [survivor, gone] =
      holder.hubspotId !== null && owner.hubspotId === null ? [holder, owner] : [owner, holder];
    index.remove(gone.personId);
    const next: PersonLink = {
      ...survivor,
      hubspotId: survivor.hubspotId ?? gone.hubspotId,
      salesforceLeadId: null,
      salesforceContactId: contactId,
      email: survivor.email ?? gone.email,
    };
    index.put(next);
    return { personId: next.personId, merged: { from: gone.personId, into: next.personId } };
  }
  index.put({ ...owner, salesforceLeadId: null, salesforceContactId: contactId });
  return { personId: owner.personId };
}
