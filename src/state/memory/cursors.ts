import type { CursorPort } from '../types.ts';

export function memoryCursors(cursors: Map<string, string>): CursorPort {
  return {
    async getCursor(key) {
      return cursors.get(key) ?? null;
    },
    async setCursor(key, value) {
      if (value === null) cursors.delete(key);
      else cursors.set(key, value);
    },
    // One synchronous step: nothing can run between the read and the write.
    async reserveCounter(key, count) {
      const first = Number(cursors.get(key) ?? '0');
      cursors.set(key, String(first + count));
      return first;
    },
  };
}
