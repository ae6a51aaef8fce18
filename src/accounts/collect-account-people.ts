/**
 * Every linked person as account scoring sees them, read from the state store a batch at a time (no CRM
 * call): the records' last-synced fields (which hold the company links) and the engagement leadloop last
 * wrote, which a run's write-back has already put into the snapshots.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import { refKey, refsOf } from '../domain/person-link.ts';
import type { FieldValue } from '../domain/person.ts';
import { ownFieldName } from '../mapping/own-fields.ts';
import type { StateStore } from '../state/types.ts';
import { personAccountCellField } from './account-fields.ts';
import type { AccountPerson, PersonRecordFields } from './assign-people.ts';
import {
  PERSON_COMPANY_ID_FIELDS,
  PERSON_COMPANY_NAME_FIELDS,
  PERSON_EMAIL_FIELDS,
} from './company-fields.ts';

/** The fields account scoring reads from a person's record: its company link, name and email, the cell. */
export function accountPersonFields(crm: CrmName, object: PersonObject, prefix: string): readonly string[] {
  return [
    PERSON_COMPANY_ID_FIELDS[crm][object],
    PERSON_COMPANY_NAME_FIELDS[crm][object],
    PERSON_EMAIL_FIELDS[crm],
    personAccountCellField(crm, prefix),
    ownFieldName(crm, 'engagementScore', prefix),
  ].filter((f): f is string => f !== undefined);
}

// Every person is held for the plan: whole snapshots (every synced field) of 100,000 people ran the
// process out of its 256 MB heap; these few fields are all the plan reads.
function projected(
  fields: Readonly<Record<string, FieldValue>>,
  keep: readonly string[],
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of keep) if (f in fields) out[f] = fields[f] as FieldValue;
  return out;
}

function engagementOf(records: readonly PersonRecordFields[], prefix: string): number | null {
  for (const r of records) {
    const raw = r.fields[ownFieldName(r.crm, 'engagementScore', prefix)];
    const n =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return null;
}

export async function collectAccountPeople(
  store: Pick<StateStore, 'iterateLinks' | 'getSnapshots'>,
  prefix: string,
  batchSize = 2000,
): Promise<AccountPerson[]> {
  const people: AccountPerson[] = [];
  for await (const links of store.iterateLinks(batchSize)) {
    const snapshots = await store.getSnapshots(links.flatMap(refsOf));
    for (const link of links) {
      const records = refsOf(link).flatMap((ref): PersonRecordFields[] => {
        const snap = snapshots.get(refKey(ref));
        if (!snap) return [];
        const keep = accountPersonFields(ref.crm, ref.object, prefix);
        return [{ crm: ref.crm, object: ref.object, id: ref.id, fields: projected(snap.fields, keep) }];
      });
      people.push({ personId: link.personId, engagement: engagementOf(records, prefix), records });
    }
  }
  return people;
}
