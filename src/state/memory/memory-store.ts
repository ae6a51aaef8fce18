/**
 * An in-memory StateStore: the scratch layer of dry runs (see ../overlay/overlay-store.ts) and a fast
 * double for engine tests. It follows the same contract as the sqlite and redis stores (test/contract/state),
 * with the sqlite store's semantics where the contract leaves room: the ledger keeps the first write of an
 * activity, times order by their instant (not their spelling), a batch with an unparsable time changes
 * nothing. Links and person states are copied in and out; other documents are kept as given, so callers
 * must not mutate what they put or get.
 */
import { composeStore } from '../compose.ts';
import type { StateStore } from '../types.ts';
import { memoryAudit } from './audit.ts';
import { memoryCursors } from './cursors.ts';
import { memoryDirty } from './dirty.ts';
import { memoryFailures } from './failures.ts';
import { memoryLease } from './lease.ts';
import { memoryLedger } from './ledger.ts';
import { memoryLinks } from './links.ts';
import { memoryPersonStates } from './person-states.ts';
import { memoryRuns } from './runs.ts';
import { memorySnapshots } from './snapshots.ts';
import { clearTables, memoryTables } from './tables.ts';

export function createMemoryStore(): StateStore {
  const t = memoryTables();
  return composeStore(
    {
      cursors: memoryCursors(t.cursors),
      links: memoryLinks(t),
      dirty: memoryDirty(t.dirty),
      snapshots: memorySnapshots(t.snapshots),
      ledger: memoryLedger(t),
      personStates: memoryPersonStates(t.personStates),
      audit: memoryAudit(t.audit),
      failures: memoryFailures(t.failures),
      runs: memoryRuns(t.runs),
      lease: memoryLease(t.locks),
    },
    {
      kind: 'memory',
      clear: async () => clearTables(t),
      close: async () => {},
    },
  );
}
