/**
 * The read of a targeted run (a webhook, an admin request for named records): those records by id, then
 * the records their people hold in the other CRM, so each plan diffs against what both CRMs hold now, as
 * after a pull; then the records of anyone newly linked through them. Ingested like pulled records
 * (snapshots, links, people marked dirty); a record the CRM no longer has is ingested as a deletion,
 * as the pull ingests an archived or deleted one. No stream is read and no cursor moves: the next
 * scheduled run reads these records again (their stamps are past its cursors) and finds nothing to write.
 *
 * Activities and opportunities are out of scope here: the scheduled run brings them, and with them any
 * score change they cause.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { PersonRecord, RejectedRecord } from '../domain/person.ts';
import type { SyncContext } from './context.ts';
import { fieldsToRead } from './fields-to-pull.ts';
import { ingestRecords, ingestRejected } from './ingest.ts';
import type { RunCounters } from './run-counters.ts';
import { refKey, refsOf, type RecordRef } from '../domain/person-link.ts';

/** Named records, their people's other records, then records of people newly linked through those. */
const MAX_ROUNDS = 3;
/** Ids per `readRecords` call: the connector splits them by the CRM's own batch size. */
const IDS_PER_READ = 1_000;

export interface ReadTargetsInput {
  readonly runId: string;
  readonly refs: readonly RecordRef[];
  /** Field names each `crm:object` has (from describe), as for a pull. */
  readonly available?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The ids of the people these records belong to (or now belong to), sorted. */
export async function readTargets(
  ctx: SyncContext,
  input: ReadTargetsInput,
  counters: RunCounters,
): Promise<string[]> {
  const read = new Set<string>();
  const people = new Set<string>();
  let pending = unique(input.refs, read);
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    for (const ref of pending) read.add(refKey(ref));
    const { records, rejected } = await readByIds(ctx, pending, input.available);
    for (const r of records) read.add(refKey(r));
    const affected = await ingestRecords(ctx, records, counters);
    if (rejected.length > 0) await ingestRejected(ctx, input.runId, rejected, counters);
    for (const id of affected) people.add(id);
    const links = await ctx.store.getLinksByPersonIds(affected);
    pending = unique([...links.values()].flatMap(refsOf), read);
  }
  return [...people].sort();
}

/**
 * Person records by id, as a pull would yield them: a record the CRM no longer answers for comes back
 * deleted (so linking unlinks it and tombstones it), a merged-away one as its survivor.
 */
export async function readByIds(
  ctx: SyncContext,
  refs: readonly RecordRef[],
  available: ReadonlyMap<string, ReadonlySet<string>> | undefined,
): Promise<{ records: PersonRecord[]; rejected: RejectedRecord[] }> {
  const groups = new Map<string, { crm: CrmName; object: PersonObject; ids: string[] }>();
  for (const ref of refs) {
    const key = `${ref.crm}:${ref.object}`;
    const group = groups.get(key) ?? { crm: ref.crm, object: ref.object, ids: [] };
    group.ids.push(ref.id);
    groups.set(key, group);
  }
  const records: PersonRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const now = ctx.clock().toISOString();
  for (const { crm, object, ids } of groups.values()) {
    const fields = fieldsToRead(ctx.config, crm, object, available);
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      const result = await ctx.connectors[crm].readRecords(object, ids.slice(i, i + IDS_PER_READ), {
        fields,
      });
      records.push(...result.records);
      rejected.push(...result.rejected);
      // Gone from the CRM: the link drops the record and the person is never recreated, as for a pull.
      for (const id of result.notFound)
        records.push({ crm, object, id, modifiedAt: now, fields: {}, deleted: true });
    }
  }
  return { records, rejected };
}

/** Each ref once, and none already read in this run. */
function unique(refs: readonly RecordRef[], read: ReadonlySet<string>): RecordRef[] {
  const out = new Map<string, RecordRef>();
  for (const ref of refs) {
    const key = refKey(ref);
    if (!read.has(key)) out.set(key, { crm: ref.crm, object: ref.object, id: ref.id });
  }
  return [...out.values()];
}
