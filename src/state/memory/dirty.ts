import { pageAfter } from '../ordering.ts';
import type { DirtyPort } from '../types.ts';
import type { SortedIds } from './tables.ts';

export function memoryDirty(dirty: SortedIds): DirtyPort {
  return {
    async markDirty(personIds) {
      for (const id of personIds) dirty.add(id);
    },
    async listDirty(limit, afterPersonId) {
      return pageAfter(dirty.sorted(), limit, afterPersonId);
    },
    async clearDirty(personIds) {
      for (const id of personIds) dirty.delete(id);
    },
    async countDirty() {
      return dirty.size;
    },
  };
}
