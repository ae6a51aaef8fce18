/**
 * Two people who turn out to be one: whose records survive, and how the other's join. Pure; used when a
 * create meets a record another person holds (settle-existing.ts) and when a CRM merge hands a record
 * held by one person to a record held by another (link-merges.ts).
 *
 * The person with the HubSpot contact survives (its history and stage); two people with two different
 * HubSpot contacts are never made one. The other's Salesforce record takes the survivor's Salesforce
 * place or becomes its duplicate by the duplicate rule (link-duplicates.ts).
 */
import { placeSalesforce } from './link-duplicates.ts';
import { primarySalesforceRef } from './link-ids.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';

export type Settlement =
  /** Nobody else holds the record: it becomes this person's. */
  | { readonly kind: 'link' }
  /** Another person holds it: `other` merges into `survivor` (the one with the HubSpot contact). */
  | { readonly kind: 'merge'; readonly survivor: PersonLink; readonly other: PersonLink }
  /** Both people have a HubSpot contact of their own: never merged, reported. */
  | { readonly kind: 'conflict'; readonly holder: PersonLink };

/** What to do when `me` needs a record that `holder` may already hold. */
export function settlementOf(me: PersonLink, holder: PersonLink | undefined): Settlement {
  if (!holder || holder.personId === me.personId) return { kind: 'link' };
  if (me.hubspotId !== null && holder.hubspotId !== null && me.hubspotId !== holder.hubspotId)
    return { kind: 'conflict', holder };
  return me.hubspotId !== null && holder.hubspotId === null
    ? { kind: 'merge', survivor: me, other: holder }
    : { kind: 'merge', survivor: holder, other: me };
}

export interface Combined {
  /** The survivor holding both people's records (its `updatedAt` unchanged). */
  readonly link: PersonLink;
  /** The Salesforce record that lost the survivor's Salesforce place: now a duplicate, else null. */
  readonly displaced: RecordRef | null;
}

/**
 * `other` joins `survivor`: the HubSpot contact and email the survivor lacks, and the other's Salesforce
 * record as the primary or a duplicate. `modifiedAt` (epoch ms, `-Infinity` unknown) breaks ties between
 * two Salesforce records of one object; the survivor's own record counts as the linked one.
 */
export function combinePeople(
  survivor: PersonLink,
  other: PersonLink,
  modifiedAt: (ref: RecordRef) => number,
): Combined {
  const link: PersonLink = {
    ...survivor,
    hubspotId: survivor.hubspotId ?? other.hubspotId,
    email: survivor.email ?? other.email,
  };
  const incoming = primarySalesforceRef(other);
  if (!incoming) return { link, displaced: null };
  const current = primarySalesforceRef(survivor);
  const placed = placeSalesforce(
    link,
    { ref: incoming, linked: false, modifiedAt: modifiedAt(incoming) },
    current && { ref: current, linked: true, modifiedAt: modifiedAt(current) },
  );
  return { link: placed.link, displaced: placed.duplicate };
}
