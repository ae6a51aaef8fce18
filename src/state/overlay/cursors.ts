import type { CursorPort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlayCursors(v: OverlayView): CursorPort {
  // Chained: a reservation reads the base only once the one before it has written the overlay.
  let counters: Promise<unknown> = Promise.resolve();
  const getCursor = async (key: string): Promise<string | null> => {
    const mine = v.cursors.get(key);
    return mine !== undefined ? mine : v.base.getCursor(key);
  };
  return {
    getCursor,
    async setCursor(key, value) {
      v.cursors.set(key, value);
    },
    /** A dry run reserves from the base's value without moving it: the real run hands out the same numbers. */
    reserveCounter(key, count) {
      const next = counters.then(async () => {
        const first = Number((await getCursor(key)) ?? '0');
        v.cursors.set(key, String(first + count));
        return first;
      });
      counters = next.catch(() => undefined);
      return next;
    },
  };
}
