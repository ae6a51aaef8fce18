/**
 * Timestamps for generated data, relative to the dataset's "now". Activity times fall on whole minutes of
 * the 180-day window and their ISO strings are cached and shared, which keeps millions of activities
 * cheap in memory (one string per minute, not one per activity).
 */
const MINUTE = 60_000;
export const DAY_MINUTES = 1440;

export class SandboxClock {
  readonly nowMs: number;
  readonly #cache: (string | undefined)[];

  constructor(now: Date, windowDays: number) {
    this.nowMs = now.getTime();
    this.#cache = new Array<string | undefined>(windowDays * DAY_MINUTES);
  }

  /** ISO time `minutesAgo` before now; the seconds vary with the minute so times do not all end in `:00`. */
  minutesAgo(minutesAgo: number): string {
    const m = Math.max(0, Math.floor(minutesAgo));
    if (m >= this.#cache.length) return this.iso(this.msAgo(m));
    let cached = this.#cache[m];
    if (cached === undefined) {
      cached = this.iso(this.msAgo(m));
      this.#cache[m] = cached;
    }
    return cached;
  }

  msAgo(minutesAgo: number): number {
    const m = Math.max(0, Math.floor(minutesAgo));
    return this.nowMs - m * MINUTE - ((m * 37) % 60) * 1000;
  }

  iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
