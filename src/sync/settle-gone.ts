/**
 * Writes the CRM answered with "no such record" (`WriteOutcome.gone`): the record was deleted for good (a
 * HubSpot GDPR delete, which never reaches the archive a pull sweeps) or merged into another since it was
 * last read. The ids are read again and ingested as a pull would ingest them: an id another record now
 * answers for re-links its person to that survivor (link-merges.ts), one nobody answers for is a deletion
 * (unlinked, tombstoned, never recreated by a hand-off). Neither is a failure. An id that reads back as
 * itself was not gone after all: its write is retried next run. Runs after the chunk persisted its outcomes.
 */
import { SyncError } from '../lib/errors.ts';
import { type StateStore, type WriteFailureEntry } from '../state/types.ts';
import type { GoneWrite } from './chunk/reconcile.ts';
import type { SyncContext } from './context.ts';
import { ingestRecords, ingestRejected } from './ingest.ts';
import { readByIds } from './read-targets.ts';
import type { RunCounters } from './run-counters.ts';
import { refKey } from '../domain/person-link.ts';

export interface GoneInput {
  readonly runId: string;
  readonly gone: readonly GoneWrite[];
  /** Field names each `crm:object` has (from describe), as for a pull. */
  readonly available?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Reads the gone records again and ingests them; answers the people to plan once more in this run. */
export async function settleGone(
  ctx: SyncContext,
  store: StateStore,
  input: GoneInput,
  counters: RunCounters,
): Promise<string[]> {
  const refs = input.gone.map((g) => g.ref);
  let stillThere: readonly GoneWrite[];
  let again: string[] = [];
  try {
    const { records, rejected } = await readByIds(ctx, refs, input.available);
    const live = new Set(records.filter((r) => !r.deleted).map((r) => refKey(r)));
    stillThere = input.gone.filter((g) => live.has(refKey(g.ref)));
    again = await ingestRecords(ctx, records, counters);
    if (rejected.length > 0) await ingestRejected(ctx, input.runId, rejected, counters);
  } catch (err) {
    if (err instanceof SyncError && (err.kind === 'config' || err.kind === 'auth')) throw err;
    ctx.logger.warn({ err, records: refs }, 'could not read records a write found gone: retried next run');
    stillThere = input.gone;
  }
  if (stillThere.length > 0) {
    const at = ctx.clock().toISOString();
    await store.putFailures(stillThere.map((g) => retryable(input.runId, at, g)));
    const people = stillThere.flatMap((g) => (g.personId ? [g.personId] : []));
    if (people.length > 0) await store.markDirty(people);
    counters.add('writesRetryable', stillThere.length);
  }
  for (const g of input.gone.filter((x) => !stillThere.includes(x)))
    ctx.logger.info({ personId: g.personId, record: g.ref }, 'write found the record gone from its CRM');
  return again;
}

function retryable(runId: string, at: string, g: GoneWrite): WriteFailureEntry {
  return {
    at,
    runId,
    crm: g.ref.crm,
    object: g.ref.object,
    source: 'write',
    recordId: g.ref.id,
    code: g.failure.code,
    message: `${g.failure.message} (the record reads back: the write is tried again)`,
    fields: g.failure.fields,
    permanent: false,
  };
}
