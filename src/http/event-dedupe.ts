/**
 * Remembers webhook `eventId`s so a redelivery (HubSpot retries for up to 24 h) is acknowledged but not
 * processed twice. Bounded: the oldest ids go first once `max` is reached, and ids expire after `ttlMs`.
 * Per process; a duplicate that slips through (restart, another instance) only costs one idempotent
 * targeted sync, because writes are diffs.
 */
export interface EventDedupe {
  /** The ids not seen before; they are remembered from now on. */
  claim(ids: readonly string[]): string[];
  /** Forget ids whose processing failed, so the redelivery is processed. */
  release(ids: readonly string[]): void;
}

export function createEventDedupe(options: { clock: () => Date; ttlMs?: number; max?: number }): EventDedupe {
  const ttl = options.ttlMs ?? 24 * 60 * 60_000;
  const max = options.max ?? 100_000;
  const seen = new Map<string, number>();
  const prune = (now: number): void => {
    for (const [id, at] of seen) {
      if (at + ttl > now && seen.size < max) break;
      seen.delete(id);
    }
  };
  return {
    claim(ids) {
      const now = options.clock().getTime();
      prune(now);
      const fresh: string[] = [];
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.set(id, now);
        fresh.push(id);
      }
      return fresh;
    },
    release(ids) {
      for (const id of ids) seen.delete(id);
    },
  };
}
