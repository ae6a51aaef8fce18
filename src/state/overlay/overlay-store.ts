/**
 * A copy-on-write view of a store for `sync --dry-run`: reads see the real state plus what the dry
 * run itself would have written; writes stay in memory and vanish with the run. So a dry run plans
 * exactly what a real run would write, and leaves cursors, links and history untouched.
 *
 * The overlay's writes live in an in-memory store (`top`); what they hide of the base is tracked beside it
 * (view.ts: deleted cursors and snapshots, cleared dirty marks and failures, people and opportunities
 * whose overlay version replaces the base one). One port per module beside this, composed here. Where it differs from the StateStore contract:
 * - `pruneActivities` / `pruneAudit` drop only the overlay's own entries and count only those; the base
 *   history stays visible (a pruned entry no longer moves any score, and a dry run deletes nothing).
 * - Locks are the overlay's own and never reach the base: a dry run neither takes nor blocks the real
 *   run's lease (run-sync does not lock dry runs at all).
 * - `clear()` empties the view — the base is hidden from then on, not wiped — and `close()` drops the
 *   overlay; the base store belongs to the caller and stays open.
 * - `putActivities` dedupes against the base ledger of the same records only (the interface has no
 *   lookup by source id), so an event the base holds under another record id counts as new here.
 */
import { composeStore } from '../compose.ts';
import type { StateStore } from '../types.ts';
import { overlayAudit } from './audit.ts';
import { overlayCursors } from './cursors.ts';
import { overlayDirty } from './dirty.ts';
import { overlayFailures } from './failures.ts';
import { overlayLedger } from './ledger.ts';
import { overlayLinks } from './links.ts';
import { overlayPersonStates } from './person-states.ts';
import { overlayRuns } from './runs.ts';
import { overlaySnapshots } from './snapshots.ts';
import { clearView, overlayView } from './view.ts';

export function createOverlayStore(base: StateStore): StateStore {
  const v = overlayView(base);
  const { acquireLock, renewLock, releaseLock, lockOwner, takeOverLock } = v.top;
  return composeStore(
    {
      cursors: overlayCursors(v),
      links: overlayLinks(v),
      dirty: overlayDirty(v),
      snapshots: overlaySnapshots(v),
      ledger: overlayLedger(v),
      personStates: overlayPersonStates(v),
      audit: overlayAudit(v),
      failures: overlayFailures(v),
      runs: overlayRuns(v),
      // The overlay's own lease (see above).
      lease: { acquireLock, renewLock, releaseLock, lockOwner, takeOverLock },
    },
    {
      kind: base.kind,
      clear: () => clearView(v),
      // The base store belongs to the caller and is neither cleared nor closed.
      close: () => clearView(v),
    },
  );
}
