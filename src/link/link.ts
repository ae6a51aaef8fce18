/**
 * Linking: which HubSpot contact and which Salesforce Lead or Contact are the same person. Pure.
 *
 * Rules, in order:
 * 1. A record already linked stays with its person (by record id).
 * 2. A deleted record is removed from its person; the person keeps the other side and is dropped
 *    (`unlinked`) only when no record is left. Deleted records are reported (`detached`), never recreated.
 *    A record merged into another in its CRM is no deletion: its person takes the survivor, and becomes one
 *    with the survivor's person when there is one (link-merges.ts).
 * 3. A converted Lead hands its place to its `convertedContactId` Contact: the person is kept, the Lead
 *    leaves it. A Contact already on a person of its own is merged in; when both people have a HubSpot
 *    contact nothing is merged and the case is reported.
 * 4. An unlinked record joins the person named by a stored id: leadloop writes each side's id into the
 *    other (HubSpot `<prefix>_salesforce_id`, Salesforce `<Prefix>_HubSpot_Id__c`), read in both directions.
 * 5. Else it joins a person with the same normalised email (trim + lower-case) and a free place for it.
 * 6. Else a Salesforce record with the email of an existing person joins that person as a *duplicate*
 *    (link-duplicates.ts): one person per email, never a second person a hand-off would create again.
 *    The record takes the person's Salesforce place when it ranks first (Contact over Lead, then the
 *    linked one, then the most recently modified); the record it displaces becomes the duplicate.
 *    A Salesforce-only person whose record shares its email with a person who has a HubSpot contact
 *    (left by older versions) is merged into that person the same way when the record is pulled again.
 * 7. Else it becomes a new person.
 * A person holds at most one HubSpot contact and one Salesforce record. Several candidates resolve by:
 * Salesforce Contact over Lead, then a HubSpot contact over none, then the most recently modified, then
 * the smallest person id; the choice is reported as an ambiguity. Records are processed in a fixed order
 * (deletions, merges, conversions, then Salesforce Contacts, Leads, HubSpot contacts, each by id), so the result
 * does not depend on the order records arrive in.
 */
import type { PersonRecord } from '../domain/person.ts';
import { ownFieldName } from '../mapping/own-fields.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import { applyConversion } from './link-conversion.ts';
import { placeSalesforce, type SalesforceCandidate } from './link-duplicates.ts';
import { primarySalesforceRef } from './link-ids.ts';
import { LinkIndex, sideFree } from './link-index.ts';
import { applyRecordMerge, mergesOf } from './link-merges.ts';
import { type Ambiguity, type ExistingLinks, type LinkResult, OBJECT_ORDER } from './link-types.ts';
import { normaliseEmail } from './normalise-email.ts';
import { emailOfRecord } from './record-email.ts';
import {
  type PersonLink,
  type RecordRef,
  refKey,
  withRecord,
  withoutRecord,
  holdsNoRecord,
} from '../domain/person-link.ts';

export { emailOfRecord } from './record-email.ts';
export type { Ambiguity, ExistingLinks, LinkResult } from './link-types.ts';

export interface LinkOptions {
  readonly now: Date;
  readonly newId: () => string;
  /** To find the Salesforce email field (the mapping of HubSpot `email`; default `Email`). */
  readonly mappings?: readonly FieldMapping[];
  /** `fields.prefix`: names the stored-id fields. */
  readonly prefix?: string;
}

const refOf = (r: PersonRecord): RecordRef => ({ crm: r.crm, object: r.object, id: r.id });

/** Salesforce before HubSpot, Contact before Lead, then by id. */
function compareRecords(a: PersonRecord, b: PersonRecord): number {
  if (a.crm !== b.crm) return a.crm === 'salesforce' ? -1 : 1;
  if (a.object !== b.object) return OBJECT_ORDER[a.object] - OBJECT_ORDER[b.object];
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One record per ref: the latest modification wins; on a tie a deletion, then a stable content order. */
function latestPerRef(records: readonly PersonRecord[]): PersonRecord[] {
  const byRef = new Map<string, PersonRecord>();
  for (const r of records) {
    const key = refKey(refOf(r));
    const seen = byRef.get(key);
    const rank = (x: PersonRecord): [number, number, string] => [
      Date.parse(x.modifiedAt),
      x.deleted ? 1 : 0,
      JSON.stringify(x),
    ];
    if (!seen) byRef.set(key, r);
    else {
      const [a, b] = [rank(r), rank(seen)];
      if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))))
        byRef.set(key, r);
    }
  }
  return [...byRef.values()].sort(compareRecords);
}

/** The refs a record names through stored-id fields. */
function storedRefs(r: PersonRecord, prefix: string): RecordRef[] {
  const raw = r.fields[ownFieldName(r.crm, 'linkedId', prefix)];
  const id = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (id === '') return [];
  if (r.crm === 'salesforce') return [{ crm: 'hubspot', object: 'contact', id }];
  return [
    { crm: 'salesforce', object: 'contact', id },
    { crm: 'salesforce', object: 'lead', id },
  ];
}

/** The refs and emails `linkRecords` needs links for: fetch exactly these from the store. */
export function linkLookups(
  records: readonly PersonRecord[],
  options: Pick<LinkOptions, 'mappings' | 'prefix'> = {},
): { refs: RecordRef[]; emails: string[] } {
  const refs = new Map<string, RecordRef>();
  const emails = new Set<string>();
  const add = (ref: RecordRef): void => void refs.set(refKey(ref), ref);
  for (const r of records) {
    add(refOf(r));
    // A merge names the record on the other end: the merged-away one (HubSpot) or the survivor (Salesforce).
    for (const m of mergesOf([r])) for (const ref of [m.from, m.into]) add(ref);
    if (r.deleted) continue;
    if (r.convertedContactId) add({ crm: 'salesforce', object: 'contact', id: r.convertedContactId });
    for (const ref of storedRefs(r, options.prefix ?? 'leadloop')) add(ref);
    const email = normaliseEmail(emailOfRecord(r, options.mappings));
    if (email !== null) emails.add(email);
  }
  return { refs: [...refs.values()], emails: [...emails] };
}

/** Candidate order: Salesforce Contact over Lead, HubSpot over none, most recently modified, smallest id. */
function rankCandidates(people: PersonLink[], index: LinkIndex): PersonLink[] {
  const sfRank = (p: PersonLink): number =>
    p.salesforceContactId !== null ? 2 : p.salesforceLeadId !== null ? 1 : 0;
  return [...people].sort(
    (a, b) =>
      sfRank(b) - sfRank(a) ||
      Number(b.hubspotId !== null) - Number(a.hubspotId !== null) ||
      index.recencyOf(b.personId) - index.recencyOf(a.personId) ||
      (a.personId < b.personId ? -1 : 1),
  );
}

/** Who keeps an email's records: the person with a HubSpot contact first, then the candidate order. */
function rankSurvivors(people: PersonLink[], index: LinkIndex): PersonLink[] {
  return rankCandidates(people, index).sort(
    (a, b) => Number(b.hubspotId !== null) - Number(a.hubspotId !== null),
  );
}

export function linkRecords(
  records: readonly PersonRecord[],
  existing: ExistingLinks,
  options: LinkOptions,
): LinkResult {
  const prefix = options.prefix ?? 'leadloop';
  const now = options.now.toISOString();
  const index = new LinkIndex();
  for (const link of existing.byRef.values()) index.load(link);
  for (const list of existing.byEmail.values()) for (const link of list) index.load(link);
  const batch = latestPerRef(records);
  const ambiguities: Ambiguity[] = [];
  const detached: LinkResult['detached'] = [];
  const merged: LinkResult['merged'] = [];
  const affected = new Set<string>();
  const recordMerges: LinkResult['recordMerges'] = [];
  // Duplicates found in this batch, by person; `modified` knows the batch records' modification times.
  const duplicates = new Map<string, Map<string, RecordRef>>();
  const addDuplicate = (personId: string, ref: RecordRef): void => {
    const list = duplicates.get(personId) ?? new Map<string, RecordRef>();
    list.set(refKey(ref), ref);
    duplicates.set(personId, list);
  };
  const modified = new Map(
    batch.filter((r) => !r.deleted).map((r) => [refKey(refOf(r)), Date.parse(r.modifiedAt)]),
  );
  const merges = mergesOf(batch);
  const mergedAway = new Set(merges.map((m) => refKey(m.from)));

  for (const r of batch.filter((x) => x.deleted && !mergedAway.has(refKey(refOf(x))))) {
    const ref = refOf(r);
    const person = index.personOf(ref);
    if (!person) continue;
    const left = withoutRecord(person, ref);
    if (holdsNoRecord(left)) index.remove(person.personId);
    else {
      index.put(left);
      detached.push({ personId: person.personId, ref });
      affected.add(person.personId);
    }
  }

  for (const m of merges) {
    const outcome = applyRecordMerge(
      index,
      m,
      (ref) => modified.get(refKey(ref)) ?? Number.NEGATIVE_INFINITY,
    );
    if (outcome.ambiguity) ambiguities.push(outcome.ambiguity);
    if (outcome.merged) merged.push(outcome.merged);
    if (outcome.detached) {
      detached.push(outcome.detached);
      affected.add(outcome.detached.personId);
    }
    if (outcome.personId) {
      recordMerges.push({ from: m.from, into: m.into, personId: outcome.personId });
      if (outcome.displaced) addDuplicate(outcome.personId, outcome.displaced);
      affected.add(outcome.personId);
      index.touch(outcome.personId, m.modifiedAt);
    }
  }

  const live = batch.filter((x) => !x.deleted);
  const conversions: LinkResult['conversions'] = [];
  for (const r of live.filter((x) => x.convertedContactId)) {
    const outcome = applyConversion(index, refOf(r), r.convertedContactId ?? '');
    if (outcome.ambiguity) ambiguities.push(outcome.ambiguity);
    if (outcome.merged) merged.push(outcome.merged);
    if (outcome.personId) {
      affected.add(outcome.personId);
      index.touch(outcome.personId, r.modifiedAt);
    }
    // A Lead already off every link (its Contact, pulled earlier, took the person's Salesforce place)
    // still converted that person: the conversion goes to whoever holds the Contact.
    const contactId = r.convertedContactId ?? '';
    const holder =
      outcome.personId ??
      (outcome.ambiguity
        ? undefined
        : index.personOf({ crm: 'salesforce', object: 'contact', id: contactId })?.personId);
    if (holder !== undefined) {
      affected.add(holder);
      conversions.push({ personId: holder, leadId: r.id, contactId, at: r.modifiedAt });
    }
  }

  // Stored ids claim in both directions: a record is also claimed by any batch record naming it.
  const claims = new Map<string, RecordRef[]>();
  for (const r of live) {
    for (const target of storedRefs(r, prefix)) {
      const key = refKey(target);
      claims.set(key, [...(claims.get(key) ?? []), refOf(r)]);
    }
  }

  const candidate = (person: PersonLink, ref: RecordRef): SalesforceCandidate => {
    const before = index.originalOf(person.personId);
    const was = before ? primarySalesforceRef(before) : null;
    return {
      ref,
      linked: (was !== null && refKey(was) === refKey(ref)) || claims.has(refKey(ref)),
      modifiedAt: modified.get(refKey(ref)) ?? Number.NEGATIVE_INFINITY,
    };
  };
  /** Gives `ref` the person's Salesforce place or records it as the person's duplicate. */
  const joinAsDuplicate = (person: PersonLink, ref: RecordRef, modifiedAt: string): void => {
    const current = primarySalesforceRef(person);
    const placed = placeSalesforce(person, candidate(person, ref), current && candidate(person, current));
    index.put(placed.link);
    index.touch(person.personId, modifiedAt);
    affected.add(person.personId);
    if (placed.duplicate) addDuplicate(person.personId, placed.duplicate);
  };

  for (const r of live.filter((x) => !x.convertedContactId)) {
    const ref = refOf(r);
    const email = normaliseEmail(emailOfRecord(r, options.mappings));
    let person = index.personOf(ref);
    if (
      person &&
      r.crm === 'salesforce' &&
      email !== null &&
      person.hubspotId === null &&
      refKey(primarySalesforceRef(person) ?? ref) === refKey(ref)
    ) {
      // A Salesforce-only person beside a person with this email and a HubSpot contact: one person per email.
      const self = person.personId;
      const [survivor] = rankSurvivors(
        index.withEmail(email).filter((p) => p.personId !== self && p.hubspotId !== null),
        index,
      );
      if (survivor) {
        index.remove(self);
        merged.push({ from: self, into: survivor.personId });
        const moved = [...(duplicates.get(self)?.values() ?? []), ref];
        duplicates.delete(self);
        for (const dup of moved) joinAsDuplicate(index.get(survivor.personId) ?? survivor, dup, r.modifiedAt);
        continue;
      }
    }
    if (!person) {
      const named = [...storedRefs(r, prefix), ...(claims.get(refKey(ref)) ?? [])].flatMap(
        (t) => index.personOf(t) ?? [],
      );
      const unique = [...new Map(named.map((p) => [p.personId, p])).values()];
      const taken = unique.filter((p) => !sideFree(p, r.crm));
      let rule: 'stored-id' | 'email' = 'stored-id';
      let candidates = unique.filter((p) => sideFree(p, r.crm));
      if (candidates.length === 0 && email !== null) {
        rule = 'email';
        candidates = index.withEmail(email).filter((p) => sideFree(p, r.crm));
      }
      const ranked = rankCandidates(candidates, index);
      const chosen = ranked[0];
      const sharing = chosen || email === null ? [] : index.withEmail(email);
      const [survivor] = r.crm === 'salesforce' ? rankSurvivors(sharing, index) : [];
      // A stored id naming the person this record joins as a duplicate is no ambiguity: the rule decided.
      for (const p of taken.filter((x) => x.personId !== survivor?.personId)) {
        ambiguities.push({
          kind: 'stored-id-taken',
          ref,
          storedId: storedRefs(r, prefix)[0]?.id ?? r.id,
          personId: p.personId,
        });
      }
      if (chosen && ranked.length > 1) {
        ambiguities.push({
          kind: 'several-candidates',
          ref,
          email,
          chosen: chosen.personId,
          candidates: ranked.map((p) => p.personId),
          rule,
        });
      }
      if (survivor) {
        joinAsDuplicate(survivor, ref, r.modifiedAt);
        continue;
      }
      if (chosen) person = withRecord(chosen, ref);
      else {
        if (email !== null && sharing.length > 0)
          ambiguities.push({
            kind: 'duplicate-email',
            ref,
            email,
            personIds: sharing.map((p) => p.personId).sort(),
          });
        person = withRecord(
          {
            personId: options.newId(),
            hubspotId: null,
            salesforceLeadId: null,
            salesforceContactId: null,
            email,
            updatedAt: now,
          },
          ref,
        );
      }
    }
    // The email key follows HubSpot when the person has a HubSpot contact, else the Salesforce record.
    if (email !== null && email !== person.email && (r.crm === 'hubspot' || person.hubspotId === null))
      person = { ...person, email };
    index.put(person);
    index.touch(person.personId, r.modifiedAt);
    affected.add(person.personId);
  }

  const links = index.changed(now);
  for (const link of links) affected.add(link.personId);
  // A duplicate that later took a place (or whose person went away) is no longer one.
  const joined: LinkResult['duplicates'] = [];
  for (const [personId, refs] of [...duplicates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const owner = index.get(personId);
    if (!owner || owner.email === null) continue;
    for (const ref of [...refs.values()].sort((a, b) => (refKey(a) < refKey(b) ? -1 : 1)))
      if (!index.personOf(ref)) joined.push({ personId, ref, email: owner.email });
  }
  return {
    links: links.sort((a, b) => (a.personId < b.personId ? -1 : 1)),
    unlinked: index.removedIds().sort(),
    ambiguities,
    affectedPersonIds: [...affected].filter((id) => index.alive(id)).sort(),
    detached,
    merged,
    recordMerges,
    duplicates: joined,
    // A person merged away later in the batch hands its conversion to nobody: keep only the living.
    conversions: conversions.filter((c) => index.alive(c.personId)),
  };
}
