/**
 * Search index lag: CRM search answers from an index that catches up with a change only after a delay,
 * and until then it filters on and returns the record as it was before the change (a new record is not
 * there at all). Reads by id answer the new values at once. Each change's delay is drawn from the seed,
 * so a run is repeatable; time is the portal clock, so tests step it instead of waiting.
 */
import type { ObjectRow } from './object-row.ts';

/** `false` or `0`: search sees every change at once; a number: that many ms for every change. */
export type SearchLagOption = false | number | { readonly minMs: number; readonly maxMs: number };

/**
 * Default: most changes searchable within seconds, a tail of minutes. HubSpot documents no figure; the
 * range follows integrators' reports of recent changes missing from search (see README, Search).
 */
export const DEFAULT_SEARCH_LAG = { minMs: 2_000, maxMs: 180_000 } as const;

interface Pending {
  /** What search shows until `visibleAtMs`; null when the record did not exist before. */
  readonly view: ObjectRow | null;
  visibleAtMs: number;
}

function hash(seed: number, id: number, version: number): number {
  let h = 2166136261 ^ seed;
  for (const n of [id, version]) {
    h = Math.imul(h ^ (n & 0xffff), 16777619);
    h = Math.imul(h ^ Math.floor(n / 0x10000), 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return ((h ^ (h >>> 15)) >>> 0) / 0x1_0000_0000;
}

/** The delay for one change: a fixed value, or a seeded draw skewed towards the short end of the range. */
export function lagFor(option: SearchLagOption, seed: number, row: ObjectRow): number {
  if (option === false) return 0;
  if (typeof option === 'number') return Math.max(0, option);
  const u = hash(seed, row.id, row.version);
  return Math.round(option.minMs + (option.maxMs - option.minMs) * u * u * u);
}

function copyOf(row: ObjectRow): ObjectRow {
  return { ...row, props: { ...row.props } };
}

export class SearchIndexLag {
  private readonly pending = new Map<number, Pending>();
  private option: SearchLagOption = false;
  private seed = 0;

  /** Turning the lag off makes every pending change searchable at once. */
  set(option: SearchLagOption, seed = this.seed): void {
    this.option = option;
    this.seed = seed;
    if (option === false || option === 0) this.pending.clear();
  }

  /**
   * Call before a row changes (or right after it was created, with `created`); `changeMs` is when the
   * change happened (a store helper may date it back). The first change in a lag keeps the pre-change
   * view; later ones push its end out, so search shows the oldest unindexed state.
   */
  beforeChange(row: ObjectRow, changeMs: number, created = false): void {
    const ms = lagFor(this.option, this.seed, row);
    if (ms <= 0) return;
    const entry = this.pending.get(row.id);
    if (entry && entry.visibleAtMs > changeMs) {
      entry.visibleAtMs = Math.max(entry.visibleAtMs, changeMs + ms);
      return;
    }
    this.pending.set(row.id, { view: created ? null : copyOf(row), visibleAtMs: changeMs + ms });
  }

  /** The row gone for good (purged): search forgets it at once, as the merge and GDPR docs describe. */
  forget(id: number): void {
    this.pending.delete(id);
  }

  /** What search sees of a row now: the row, its pre-change view, or nothing. */
  view(row: ObjectRow, nowMs: number): ObjectRow | null {
    const entry = this.pending.get(row.id);
    if (!entry) return row;
    if (nowMs >= entry.visibleAtMs) {
      this.pending.delete(row.id);
      return row;
    }
    return entry.view;
  }

  /** Ids still catching up; expired entries are dropped on the way. */
  lagging(nowMs: number): number[] {
    const out: number[] = [];
    for (const [id, entry] of this.pending) {
      if (nowMs >= entry.visibleAtMs) this.pending.delete(id);
      else out.push(id);
    }
    return out;
  }
}
