import type { DirtyPort } from '../types.ts';
import { PAGE, type OverlayView } from './view.ts';

export function overlayDirty(v: OverlayView): DirtyPort {
  /** Up to `limit` base ids after `after` that the overlay did not clear, paging past cleared ones. */
  const baseDirty = async (limit: number, after: string | undefined): Promise<string[]> => {
    const out: string[] = [];
    for (let cursor = after; ;) {
      const page = await v.base.listDirty(limit, cursor);
      for (const id of page) if (!v.clearedDirty.has(id)) out.push(id);
      const last = page.at(-1);
      if (out.length >= limit || page.length < limit || last === undefined) return out;
      cursor = last;
    }
  };
  return {
    async markDirty(personIds) {
      for (const id of personIds) v.clearedDirty.delete(id);
      await v.top.markDirty(personIds);
    },
    async listDirty(limit, afterPersonId) {
      if (limit <= 0) return [];
      const [base, top] = await Promise.all([
        baseDirty(limit, afterPersonId),
        v.top.listDirty(limit, afterPersonId),
      ]);
      return [...new Set([...base, ...top])].sort().slice(0, limit);
    },
    async clearDirty(personIds) {
      for (const id of personIds) v.clearedDirty.add(id);
      await v.top.clearDirty(personIds);
    },
    async countDirty() {
      const mine = new Set(await v.top.listDirty(Number.MAX_SAFE_INTEGER));
      let n = mine.size;
      for (let cursor: string | undefined; ;) {
        const page = await v.base.listDirty(PAGE, cursor);
        for (const id of page) if (!v.clearedDirty.has(id) && !mine.has(id)) n++;
        cursor = page.at(-1);
        if (page.length < PAGE || cursor === undefined) return n;
      }
    },
  };
}
