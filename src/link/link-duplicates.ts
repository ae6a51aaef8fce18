/**
 * One person per normalised email: a further Salesforce record with a person's email joins that person as
 * a *duplicate* instead of becoming a person of its own (which a hand-off would then try to create in
 * HubSpot, where the email is taken). Pure: linking and the engine's create-conflict path both use it.
 *
 * Which record is the primary (the one leadloop scores from and syncs with): the Contact over a Lead, then
 * the one already linked (so a person never flips between two records as each is edited), then the most
 * recently modified, then the smaller id. The others are duplicates an admin can merge in the CRM.
 */
import type { PersonRecord } from '../domain/person.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import { type RecordSnapshot } from '../state/types.ts';
import { OBJECT_ORDER } from './link-types.ts';
import { normaliseEmail } from './normalise-email.ts';
import { emailOfRecord } from './record-email.ts';
import { type PersonLink, type RecordRef, refKey } from '../domain/person-link.ts';

/** A Salesforce record competing for a person's one Salesforce place. */
export interface SalesforceCandidate {
  readonly ref: RecordRef;
  /** The person's Salesforce record before this decision (or named by a stored id): it keeps its place. */
  readonly linked: boolean;
  /** Epoch ms of the record's last modification; `-Infinity` when unknown. */
  readonly modifiedAt: number;
}

/** Primary first: Contact over Lead, then the linked one, then the most recently modified, then the smaller id. */
export function rankSalesforce(candidates: readonly SalesforceCandidate[]): SalesforceCandidate[] {
  return [...candidates].sort(
    (a, b) =>
      OBJECT_ORDER[a.ref.object] - OBJECT_ORDER[b.ref.object] ||
      Number(b.linked) - Number(a.linked) ||
      b.modifiedAt - a.modifiedAt ||
      (a.ref.id < b.ref.id ? -1 : a.ref.id > b.ref.id ? 1 : 0),
  );
}

export interface Placement {
  readonly link: PersonLink;
  /** The record that did not get the place (the newcomer, or the primary it displaced), else null. */
  readonly duplicate: RecordRef | null;
}

/**
 * Gives `incoming` the person's Salesforce place, or makes it a duplicate. `current` describes the record
 * holding the place now (null when it is free).
 */
export function placeSalesforce(
  link: PersonLink,
  incoming: SalesforceCandidate,
  current: SalesforceCandidate | null,
): Placement {
  const holds = (ref: RecordRef): PersonLink =>
    ref.object === 'contact'
      ? { ...link, salesforceLeadId: null, salesforceContactId: ref.id }
      : { ...link, salesforceLeadId: ref.id, salesforceContactId: null };
  if (current === null) return { link: holds(incoming.ref), duplicate: null };
  if (refKey(current.ref) === refKey(incoming.ref)) return { link, duplicate: null };
  const [winner] = rankSalesforce([current, incoming]);
  return winner === incoming
    ? { link: holds(incoming.ref), duplicate: current.ref }
    : { link, duplicate: incoming.ref };
}

/**
 * The duplicates that still are: recorded refs whose snapshot exists, whose email (normalised) is still the
 * person's, that are not a converted Lead and not the person's own records. A duplicate whose email
 * changed, that was deleted or that became the primary drops out here.
 */
export function liveDuplicates(
  link: PersonLink,
  refs: readonly RecordRef[],
  snapshots: ReadonlyMap<string, RecordSnapshot>,
  mappings: readonly FieldMapping[] = [],
  convertedField = 'IsConverted',
): RecordSnapshot[] {
  const own = new Set([link.hubspotId, link.salesforceLeadId, link.salesforceContactId]);
  const out = new Map<string, RecordSnapshot>();
  for (const ref of refs) {
    const key = refKey(ref);
    const snap = snapshots.get(key);
    if (!snap || own.has(ref.id) || out.has(key) || snap.fields[convertedField] === true) continue;
    const asRecord: PersonRecord = { ...snap, deleted: false };
    const email = normaliseEmail(emailOfRecord(asRecord, mappings));
    if (link.email === null || email !== link.email) continue;
    out.set(key, snap);
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Union of duplicate lists, without the person's own records, in a stable order. */
export function mergeDuplicates(link: PersonLink, ...lists: (readonly RecordRef[])[]): RecordRef[] {
  const own = new Set([link.hubspotId, link.salesforceLeadId, link.salesforceContactId]);
  const out = new Map<string, RecordRef>();
  for (const list of lists) for (const ref of list) if (!own.has(ref.id)) out.set(refKey(ref), ref);
  return [...out.values()].sort((a, b) => (refKey(a) < refKey(b) ? -1 : 1));
}
