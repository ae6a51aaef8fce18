/**
 * Every linked person as account scoring sees them, read from the state store a batch at a time (no CRM
 * call): the records' last-synced fields (which hold the company links) and the engagement leadloop last
 * wrote, which a run's write-back has already put into the snapshots.
 */
import { refKey, refsOf } from '../domain/person-link.ts';
import { ownFieldName } from '../mapping/own-fields.ts';
import type { StateStore } from '../state/types.ts';
import type { AccountPerson, PersonRecordFields } from './assign-people.ts';

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
        return snap ? [{ crm: ref.crm, object: ref.object, id: ref.id, fields: snap.fields }] : [];
      });
      people.push({ personId: link.personId, engagement: engagementOf(records, prefix), records });
    }
  }
  return people;
}
