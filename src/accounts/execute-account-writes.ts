/**
 * Sends an account plan's writes: company fields through each CRM's company source, the person field
 * through the person objects, batched per object (the connectors split into the CRMs' batch limits).
 * A refused record is counted, logged and, for a company, recorded as a write failure (shown by status
 * and health, cleared once a later write lands), never fatal (rule: per-record failures don't fail the batch);
 * a person write that landed goes into that record's snapshot, so the next plan diffs against it.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import { refKey, type RecordRef } from '../domain/person-link.ts';
import type { FieldValue } from '../domain/person.ts';
import type { RecordUpdate, WriteOutcome } from '../domain/write.ts';
import type { FailureRef, WriteFailureEntry } from '../state/types.ts';
import type { SyncContext } from '../sync/context.ts';
import type { FieldWrite } from './plan-account-writes.ts';

export interface AccountWriteResult {
  /** Field values that landed. */
  readonly written: number;
  /** Records the CRM refused. */
  readonly failed: number;
  /** The company writes that landed, so the held companies carry what the CRMs now hold. */
  readonly landedCompanies: readonly FieldWrite[];
}

const companyRef = (crm: CrmName, recordId: string): FailureRef => ({
  crm,
  object: 'company',
  source: 'write',
  recordId,
});

function toUpdates(writes: readonly FieldWrite[]): RecordUpdate[] {
  const byId = new Map<string, Record<string, FieldValue>>();
  for (const w of writes) byId.set(w.id, { ...byId.get(w.id), [w.field]: w.to });
  return [...byId].map(([id, fields]) => ({ id, fields }));
}

export async function executeAccountWrites(
  ctx: SyncContext,
  writes: readonly FieldWrite[],
  companyReady: Readonly<Record<CrmName, boolean>>,
  runId: string,
): Promise<AccountWriteResult> {
  let written = 0;
  let failed = 0;
  const refused: WriteFailureEntry[] = [];
  const landedCompanies: FailureRef[] = [];
  const landedWrites: FieldWrite[] = [];
  const groups = new Map<string, FieldWrite[]>();
  for (const w of writes) {
    const key = `${w.crm}:${w.object}`;
    const list = groups.get(key);
    if (list) list.push(w);
    else groups.set(key, [w]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const { crm, object } = first;
    const connector = ctx.connectors[crm];
    if (object === 'company' && !companyReady[crm]) {
      ctx.logger.warn(
        { crm, records: new Set(group.map((w) => w.id)).size },
        'account fields missing: company writes held back',
      );
      continue;
    }
    const updates = toUpdates(group);
    const outcomes: WriteOutcome[] =
      object === 'company'
        ? ((await connector.companies?.write(updates)) ?? [])
        : await connector.write(object, updates);
    const landed = new Set<string>();
    for (const o of outcomes) {
      if (o.ok) landed.add(o.key);
      else {
        failed += 1;
        ctx.logger.warn(
          { crm, object, id: o.key, code: o.failure.code, err: o.failure.message },
          'account write refused',
        );
        // Company refusals are recorded like person ones (status, health); person writes of the account
        // cell are retried by the next plan, which diffs against the snapshot the refusal left unchanged.
        if (object === 'company')
          refused.push({
            ...companyRef(crm, o.key),
            at: ctx.clock().toISOString(),
            runId,
            code: o.failure.code,
            message: o.failure.message,
            fields: o.failure.fields,
            permanent: !o.failure.retryable,
          });
      }
    }
    if (object === 'company') for (const id of landed) landedCompanies.push(companyRef(crm, id));
    const ok = group.filter((w) => landed.has(w.id));
    written += ok.length;
    // One push per write: spreading a whole CRM's company writes as arguments overflows the stack at M.
    if (object === 'company') for (const w of ok) landedWrites.push(w);
    else await rememberPersonWrites(ctx, crm, object, ok);
  }
  if (landedCompanies.length > 0) await ctx.store.clearFailures(landedCompanies);
  if (refused.length > 0) await ctx.store.putFailures(refused);
  return { written, failed, landedCompanies: landedWrites };
}

async function rememberPersonWrites(
  ctx: SyncContext,
  crm: CrmName,
  object: PersonObject,
  writes: readonly FieldWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const refs: RecordRef[] = [...new Set(writes.map((w) => w.id))].map((id) => ({ crm, object, id }));
  const snapshots = await ctx.store.getSnapshots(refs);
  const at = ctx.clock().toISOString();
  const updated = refs.flatMap((ref) => {
    const snap = snapshots.get(refKey(ref));
    if (!snap) return [];
    const fields = { ...snap.fields };
    for (const w of writes) if (w.id === ref.id) fields[w.field] = w.to;
    return [{ ...snap, fields, syncedAt: at }];
  });
  if (updated.length > 0) await ctx.store.putSnapshots(updated);
}
