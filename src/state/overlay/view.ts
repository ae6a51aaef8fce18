/**
 * What the dry-run overlay's ports share: the base store (never written), the scratch store holding the
 * overlay's own writes (`top`), and what those writes hide of the base.
 */
import { createMemoryStore } from '../memory/memory-store.ts';
import type { StateStore } from '../types.ts';

export interface OverlayView {
  /** The real store; replaced by an empty stand-in once `clear()` hides it. */
  base: StateStore;
  readonly top: StateStore;
  /** Cursors the overlay set; null hides the base cursor. */
  readonly cursors: Map<string, string | null>;
  /** People whose base link is hidden: the overlay re-linked them (its version wins) or deleted them. */
  readonly shadowedLinks: Set<string>;
  readonly clearedDirty: Set<string>;
  readonly deletedSnapshots: Set<string>;
  /** Opportunities the overlay rewrote: their base version and roles are hidden. */
  readonly shadowedOpps: Set<string>;
  /** Failure keys the overlay replaced or cleared. */
  readonly shadowedFailures: Set<string>;
  readonly shadowedRuns: Set<string>;
}

export function overlayView(base: StateStore): OverlayView {
  return {
    base,
    top: createMemoryStore(),
    cursors: new Map(),
    shadowedLinks: new Set(),
    clearedDirty: new Set(),
    deletedSnapshots: new Set(),
    shadowedOpps: new Set(),
    shadowedFailures: new Set(),
    shadowedRuns: new Set(),
  };
}

/** Empties the view: drops the overlay's writes and hides the base from now on, without touching it. */
export async function clearView(v: OverlayView): Promise<void> {
  await v.top.clear();
  for (const set of [
    v.shadowedLinks,
    v.clearedDirty,
    v.deletedSnapshots,
    v.shadowedOpps,
    v.shadowedFailures,
    v.shadowedRuns,
  ])
    set.clear();
  v.cursors.clear();
  v.base = createMemoryStore();
}

/** The page size the overlay reads in when it must see a whole set (its own links, the base dirty set). */
export const PAGE = 10_000;
