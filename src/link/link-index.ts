/**
 * The working set of links while one batch of records is linked: people by id, by record ref and by
 * normalised email, plus what each person looked like before, so only changed links are written back.
 */
import type { CrmName } from '../domain/crm.ts';
import { type PersonLink, type RecordRef, refKey, refsOf } from '../domain/person-link.ts';

export type Side = CrmName;

/** A person holds at most one HubSpot contact and one Salesforce record (Contact, or Lead until converted). */
export function sideFree(link: PersonLink, side: Side): boolean {
  return side === 'hubspot'
    ? link.hubspotId === null
    : link.salesforceLeadId === null && link.salesforceContactId === null;
}

const sameLink = (a: PersonLink, b: PersonLink): boolean =>
  a.hubspotId === b.hubspotId &&
  a.salesforceLeadId === b.salesforceLeadId &&
  a.salesforceContactId === b.salesforceContactId &&
  a.email === b.email;

export class LinkIndex {
  private readonly people = new Map<string, PersonLink>();
  private readonly original = new Map<string, PersonLink>();
  private readonly byRef = new Map<string, string>();
  private readonly byEmail = new Map<string, Set<string>>();
  /** Latest modification stamp (epoch ms) seen per person: the "most recently modified" tie-break. */
  private readonly recency = new Map<string, number>();
  private readonly removed = new Set<string>();

  load(link: PersonLink): void {
    if (this.people.has(link.personId)) return;
    this.original.set(link.personId, link);
    this.put({ ...link });
    this.recency.set(link.personId, Date.parse(link.updatedAt));
  }

  /** The person as loaded from the store, before this batch (undefined for people new in it). */
  originalOf(personId: string): PersonLink | undefined {
    return this.original.get(personId);
  }

  get(personId: string): PersonLink | undefined {
    return this.people.get(personId);
  }

  personOf(ref: RecordRef): PersonLink | undefined {
    const id = this.byRef.get(refKey(ref));
    return id === undefined ? undefined : this.people.get(id);
  }

  withEmail(email: string): PersonLink[] {
    return [...(this.byEmail.get(email) ?? [])].flatMap((id) => this.people.get(id) ?? []);
  }

  recencyOf(personId: string): number {
    return this.recency.get(personId) ?? Number.NEGATIVE_INFINITY;
  }

  touch(personId: string, modifiedAt: string): void {
    this.recency.set(
      personId,
      Math.max(this.recency.get(personId) ?? Number.NEGATIVE_INFINITY, Date.parse(modifiedAt)),
    );
  }

  /** Replace a person's link, keeping the ref and email indexes consistent. */
  put(link: PersonLink): void {
    const before = this.people.get(link.personId);
    if (before) {
      for (const ref of refsOf(before)) this.byRef.delete(refKey(ref));
      if (before.email !== null) this.byEmail.get(before.email)?.delete(link.personId);
    }
    this.people.set(link.personId, link);
    for (const ref of refsOf(link)) this.byRef.set(refKey(ref), link.personId);
    if (link.email !== null) {
      const set = this.byEmail.get(link.email) ?? new Set<string>();
      set.add(link.personId);
      this.byEmail.set(link.email, set);
    }
  }

  remove(personId: string): void {
    const before = this.people.get(personId);
    if (!before) return;
    for (const ref of refsOf(before)) this.byRef.delete(refKey(ref));
    if (before.email !== null) this.byEmail.get(before.email)?.delete(personId);
    this.people.delete(personId);
    if (this.original.has(personId)) this.removed.add(personId);
  }

  /** People that are new or differ from what was loaded (updatedAt set to `now`). */
  changed(now: string): PersonLink[] {
    return [...this.people.values()]
      .filter((link) => {
        const before = this.original.get(link.personId);
        return before === undefined || !sameLink(before, link);
      })
      .map((link) => ({ ...link, updatedAt: now }));
  }

  /** Loaded people removed in this batch (their last record was deleted, or they were merged away). */
  removedIds(): string[] {
    return [...this.removed];
  }

  alive(personId: string): boolean {
    return this.people.has(personId);
  }
}
