/** Links with their record-id and email indexes; links are copied in and out. */
import { linkFieldOf, refKey, refsOf, type PersonLink, type RecordRef } from '../../domain/person-link.ts';
import { compareText, pageAfter } from '../ordering.ts';
import type { LinkPort } from '../types.ts';
import { addTo, removeFrom, type MemoryTables } from './tables.ts';

type LinkTables = Pick<MemoryTables, 'links' | 'byRef' | 'byEmail'>;

export function memoryLinks({ links, byRef, byEmail }: LinkTables): LinkPort {
  const copyOf = (personId: string): PersonLink[] => {
    const link = links.get(personId);
    return link ? [{ ...link }] : [];
  };
  /** Drops every index entry of a person's current link. */
  const unindex = (personId: string): void => {
    const old = links.get(personId);
    if (!old) return;
    for (const ref of refsOf(old)) if (byRef.get(refKey(ref)) === personId) byRef.delete(refKey(ref));
    if (old.email !== null) removeFrom(byEmail, old.email, personId);
  };
  /** Clears a record id on the person who held it before another person claimed it. */
  const release = (holder: string, ref: RecordRef): void => {
    const field = linkFieldOf(ref);
    const link = links.get(holder);
    if (field !== null && link) links.set(holder, { ...link, [field]: null });
  };

  return {
    async getLinksByRefs(refs) {
      const out = new Map<string, PersonLink>();
      for (const ref of refs) {
        const personId = byRef.get(refKey(ref));
        const [link] = personId === undefined ? [] : copyOf(personId);
        if (link) out.set(refKey(ref), link);
      }
      return out;
    },
    async getLinksByEmails(emails) {
      const out = new Map<string, PersonLink[]>();
      for (const email of emails) {
        const ids = byEmail.get(email);
        if (ids && ids.size > 0) out.set(email, [...ids].sort(compareText).flatMap(copyOf));
      }
      return out;
    },
    async getLinksByPersonIds(personIds) {
      const out = new Map<string, PersonLink>();
      for (const id of personIds) for (const link of copyOf(id)) out.set(id, link);
      return out;
    },
    async putLinks(given) {
      for (const original of given) {
        const link = { ...original };
        unindex(link.personId);
        for (const ref of refsOf(link)) {
          const key = refKey(ref);
          const holder = byRef.get(key);
          if (holder !== undefined && holder !== link.personId) release(holder, ref);
          byRef.set(key, link.personId);
        }
        if (link.email !== null) addTo(byEmail, link.email, link.personId);
        links.set(link.personId, link);
      }
    },
    async deleteLinks(personIds) {
      for (const id of personIds) {
        unindex(id);
        links.delete(id);
      }
    },
    async *iterateLinks(batchSize) {
      const ids = [...links.keys()].sort(compareText);
      for (let after: string | undefined; ;) {
        const page = pageAfter(ids, batchSize, after);
        const batch = page.flatMap(copyOf);
        if (batch.length > 0) yield batch;
        after = page.at(-1);
        if (after === undefined || page.length < batchSize) return;
      }
    },
    async countLinks() {
      return links.size;
    },
  };
}
