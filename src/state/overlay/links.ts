import { refKey, refsOf, type PersonLink } from '../../domain/person-link.ts';
import { compareText } from '../ordering.ts';
import type { LinkPort } from '../types.ts';
import { PAGE, type OverlayView } from './view.ts';

export function overlayLinks(v: OverlayView): LinkPort {
  const visible = (link: PersonLink): boolean => !v.shadowedLinks.has(link.personId);
  const port: LinkPort = {
    async getLinksByRefs(refs) {
      const out = await v.top.getLinksByRefs(refs);
      const rest = refs.filter((r) => !out.has(refKey(r)));
      if (rest.length === 0) return out;
      for (const [key, link] of await v.base.getLinksByRefs(rest)) if (visible(link)) out.set(key, link);
      return out;
    },
    async getLinksByEmails(emails) {
      const [top, base] = await Promise.all([
        v.top.getLinksByEmails(emails),
        v.base.getLinksByEmails(emails),
      ]);
      const out = new Map<string, PersonLink[]>();
      for (const email of emails) {
        const merged = [...(top.get(email) ?? []), ...(base.get(email) ?? []).filter(visible)];
        if (merged.length > 0)
          out.set(
            email,
            merged.sort((a, b) => compareText(a.personId, b.personId)),
          );
      }
      return out;
    },
    async getLinksByPersonIds(personIds) {
      const out = await v.top.getLinksByPersonIds(personIds);
      const rest = personIds.filter((id) => !out.has(id) && !v.shadowedLinks.has(id));
      if (rest.length === 0) return out;
      for (const [id, link] of await v.base.getLinksByPersonIds(rest)) out.set(id, link);
      return out;
    },
    /**
     * A base person holding a record id this batch claims is copied into the overlay first, so the
     * overlay clears the id on them exactly as the base store would.
     */
    async putLinks(links) {
      if (links.length === 0) return;
      const holders = new Map<string, PersonLink>();
      for (const holder of (await port.getLinksByRefs(links.flatMap(refsOf))).values())
        if (!v.shadowedLinks.has(holder.personId)) holders.set(holder.personId, holder);
      for (const id of holders.keys()) v.shadowedLinks.add(id);
      await v.top.putLinks([...holders.values()]);
      for (const l of links) v.shadowedLinks.add(l.personId);
      await v.top.putLinks(links);
    },
    async deleteLinks(personIds) {
      for (const id of personIds) v.shadowedLinks.add(id);
      await v.top.deleteLinks(personIds);
    },
    /** Base and overlay links merged in one person-id order, in full batches. */
    async *iterateLinks(size) {
      if (size <= 0) return;
      const mine: PersonLink[] = [];
      for await (const batch of v.top.iterateLinks(PAGE)) mine.push(...batch);
      let i = 0;
      let buffer: PersonLink[] = [];
      for await (const batch of v.base.iterateLinks(size)) {
        for (const link of batch) {
          if (!visible(link)) continue;
          for (let next = mine[i]; next !== undefined && next.personId < link.personId; next = mine[++i])
            buffer.push(next);
          buffer.push(link);
        }
        while (buffer.length >= size) {
          yield buffer.slice(0, size);
          buffer = buffer.slice(size);
        }
      }
      buffer.push(...mine.slice(i));
      for (let start = 0; start < buffer.length; start += size) yield buffer.slice(start, start + size);
    },
    async countLinks() {
      const hidden =
        v.shadowedLinks.size === 0 ? 0 : (await v.base.getLinksByPersonIds([...v.shadowedLinks])).size;
      return (await v.base.countLinks()) - hidden + (await v.top.countLinks());
    },
  };
  return port;
}
