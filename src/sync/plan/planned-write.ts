/** One field change a plan sends to a CRM record, with the value it replaces and why. */
import type { CrmName, PersonObject } from '../../domain/crm.ts';
import type { FieldValue } from '../../domain/person.ts';
import { sameValue } from '../../mapping/values.ts';
import type { RecordSnapshot } from '../../state/types.ts';

export interface PlannedWrite {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly field: string;
  readonly from: FieldValue;
  readonly to: FieldValue;
  readonly reason: string;
}

/** The write that gives `snap` this value, or none when it holds it already: a run repeated writes nothing. */
export function diffWrite(
  snap: RecordSnapshot,
  field: string,
  to: FieldValue,
  reason: string,
): PlannedWrite[] {
  const from = snap.fields[field] ?? null;
  return sameValue(from, to)
    ? []
    : [{ crm: snap.crm, object: snap.object, id: snap.id, field, from, to, reason }];
}
