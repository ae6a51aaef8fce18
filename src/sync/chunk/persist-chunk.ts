/** Applies a chunk's reconciliation to the state store; the only I/O of the decision reconcile.ts made. */
import type { StateStore } from '../../state/types.ts';
import type { Reconciliation } from './reconcile.ts';

export async function persistChunk(store: StateStore, r: Reconciliation): Promise<void> {
  await store.putSnapshots(r.snapshots);
  if (r.links.length > 0) await store.putLinks(r.links);
  await store.putPersonStates(r.personStates);
  if (r.audit.length > 0) await store.appendAudit(r.audit);
  if (r.failures.length > 0) await store.putFailures(r.failures);
  if (r.clearFailures.length > 0) await store.clearFailures(r.clearFailures);
  await store.clearDirty(r.clearDirty);
}
