/**
 * Records merged in their CRM. HubSpot keeps the survivor and lists the merged-away ids on it
 * (`PersonRecord.mergedIds`); Salesforce deletes the losers and names the survivor on each of them
 * (`PersonRecord.mergedInto`). Either way the person who held the merged-away record now holds the
 * survivor: it is never a deletion (no tombstone) and nothing is created again. Pure.
 *
 * When another person already holds the survivor, the two people become one (merge-people.ts), unless
 * they cannot: each has a HubSpot contact of its own (a Salesforce merge of two people HubSpot still
 * keeps apart), or each has a Salesforce record and they are not one email (a HubSpot merge of two people
 * Salesforce still keeps apart). Then the person keeps its other record, loses the merged-away one for
 * good (a tombstone: never recreated) and the case is reported, so the admin merges the other CRM too.
 */
import type { PersonRecord } from '../domain/person.ts';
import { primarySalesforceRef } from './link-ids.ts';
import type { LinkIndex } from './link-index.ts';
import type { Ambiguity } from './link-types.ts';
import { combinePeople, settlementOf } from './merge-people.ts';
import { type RecordRef, refKey, withRecord, withoutRecord } from '../domain/person-link.ts';

/** `from` was merged into `into` (same CRM, same object) at `modifiedAt`. */
export interface RecordMerge {
  readonly from: RecordRef;
  readonly into: RecordRef;
  readonly modifiedAt: string;
}

/** The merges a batch of records reports, in a stable order (by survivor, then merged-away record). */
export function mergesOf(records: readonly PersonRecord[]): RecordMerge[] {
  const out = new Map<string, RecordMerge>();
  for (const r of records) {
    const self: RecordRef = { crm: r.crm, object: r.object, id: r.id };
    const pairs: [RecordRef, RecordRef][] = r.deleted
      ? r.mergedInto && r.mergedInto !== r.id
        ? [[self, { ...self, id: r.mergedInto }]]
        : []
      : (r.mergedIds ?? []).filter((id) => id !== r.id).map((id) => [{ ...self, id }, self]);
    for (const [from, into] of pairs) out.set(refKey(from), { from, into, modifiedAt: r.modifiedAt });
  }
  const key = (m: RecordMerge): string => `${refKey(m.into)}|${refKey(m.from)}`;
  return [...out.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

export interface MergeOutcome {
  /** The person holding the survivor now. */
  readonly personId?: string;
  /** People made one: `from` is gone, `into` took its records. */
  readonly merged?: { readonly from: string; readonly into: string };
  /** A Salesforce record that lost the survivor's Salesforce place: a duplicate of `personId`. */
  readonly displaced?: RecordRef;
  /** The merged-away record left its person without a successor (kept apart): never recreated. */
  readonly detached?: { readonly personId: string; readonly ref: RecordRef };
  readonly ambiguity?: Ambiguity;
}

/** Moves the merged-away record's person to the survivor; `modifiedAt` as for `combinePeople`. */
export function applyRecordMerge(
  index: LinkIndex,
  merge: RecordMerge,
  modifiedAt: (ref: RecordRef) => number,
): MergeOutcome {
  const loser = index.personOf(merge.from);
  if (!loser) return {};
  const holder = index.personOf(merge.into);
  const left = withoutRecord(loser, merge.from);
  if (!holder || holder.personId === loser.personId) {
    index.put(withRecord(left, merge.into));
    return { personId: loser.personId };
  }
  const settlement = settlementOf(left, holder);
  const bothSalesforce = primarySalesforceRef(left) !== null && primarySalesforceRef(holder) !== null;
  if (
    settlement.kind !== 'merge' ||
    (bothSalesforce && (left.email === null || left.email !== holder.email))
  ) {
    index.put(left);
    return {
      detached: { personId: loser.personId, ref: merge.from },
      ambiguity: {
        kind: 'merged-into-another-person',
        ref: merge.from,
        into: merge.into,
        personId: loser.personId,
        otherPersonId: holder.personId,
      },
    };
  }
  const { survivor, other } = settlement;
  const { link, displaced } = combinePeople(survivor, other, modifiedAt);
  index.remove(other.personId);
  index.put(link);
  return {
    personId: survivor.personId,
    merged: { from: other.personId, into: survivor.personId },
    ...(displaced ? { displaced } : {}),
  };
}
