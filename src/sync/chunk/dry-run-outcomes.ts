/**
 * A dry run's CRM answers: every write lands as planned and every create gets a stand-in id, so the
 * overlay state it persists (and the report) shows what a real run would leave behind.
 */
import type { FieldValue } from '../../domain/person.ts';
import type { CreateResult, RecordWriteResult } from '../execute-writes.ts';
import type { PlannedCreate } from '../plan-creates.ts';
import type { PlannedWrite } from '../plan/planned-write.ts';

export function dryRunWriteResults(writes: readonly PlannedWrite[]): RecordWriteResult[] {
  const byRecord = new Map<string, RecordWriteResult & { fields: Record<string, FieldValue> }>();
  for (const w of writes) {
    const key = `${w.crm}:${w.object}:${w.id}`;
    const r = byRecord.get(key) ?? { crm: w.crm, object: w.object, id: w.id, fields: {} };
    r.fields[w.field] = w.to;
    byRecord.set(key, r);
  }
  return [...byRecord.values()];
}

export function dryRunCreateResults(creates: readonly PlannedCreate[]): CreateResult[] {
  return creates.map((c) => ({ create: c, id: `dry-run:${c.externalId}` }));
}
