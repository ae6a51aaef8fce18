/**
 * The companies leadloop last read from each CRM, kept in the state store (a meta entry per CRM beside the
 * company cursor), so a run reads only the companies that changed and still re-rolls every account: a
 * company whose people changed while its own record did not is scored from its stored fields. Stored
 * with the field list it was read with: a list that grew (a new account field) finds the entry absent,
 * and the next read is a complete one, as an unreadable entry's is. `sync --full` reads every company.
 */
import { z } from 'zod';
import { CompanyRecord } from '../domain/company.ts';
import type { CrmName } from '../domain/crm.ts';
import { defineMeta, type MetaEntry } from '../state/meta.ts';
import type { CursorPort } from '../state/types.ts';
import type { CompanyPage } from '../../connectors/company-source.ts';
import type { FieldWrite } from './plan-account-writes.ts';

const HeldCompanies = z.strictObject({
  fields: z.array(z.string()),
  companies: z.array(CompanyRecord),
});
type HeldCompanies = z.infer<typeof HeldCompanies>;

const heldMeta = (crm: CrmName): MetaEntry<HeldCompanies> => defineMeta(`companies:${crm}`, HeldCompanies);

/** The company read's cursor per CRM, a stream cursor like `hubspot:contact`. */
export const companyCursorKey = (crm: CrmName): string => `${crm}:companies`;

type Store = Pick<CursorPort, 'getCursor' | 'setCursor'>;

/** Companies by id, as the CRM last answered them (or as leadloop's landed writes left them). */
export type HeldCompanyMap = Map<string, CompanyRecord>;

/**
 * Where this run's read starts: the stored companies and cursor, or none of them (a complete read) when
 * the run is full, nothing is stored, or the stored entry was read with other fields.
 */
export async function loadHeld(
  store: Store,
  crm: CrmName,
  fields: readonly string[],
  full: boolean,
): Promise<{ held: HeldCompanyMap; cursor: string | null }> {
  const entry = full ? null : await heldMeta(crm).read(store);
  const sameFields =
    entry !== null && entry.fields.length === fields.length && entry.fields.every((f, i) => f === fields[i]);
  if (entry === null || !sameFields) return { held: new Map(), cursor: null };
  return {
    held: new Map(entry.companies.map((c) => [c.id, c])),
    cursor: await store.getCursor(companyCursorKey(crm)),
  };
}

/**
 * Folds one page of a read into the held companies: a complete read starts afresh; a version older than
 * the one held (a lagging search index answers a record as it was) does not replace it.
 */
export function applyPage(held: HeldCompanyMap, page: CompanyPage, first: boolean): void {
  if (first && page.complete) held.clear();
  for (const record of page.records) {
    const before = held.get(record.id);
    if (before === undefined || Date.parse(record.modifiedAt) >= Date.parse(before.modifiedAt))
      held.set(record.id, record);
  }
  for (const id of page.removed) held.delete(id);
}

/** The values of company writes that landed, into the held records: the next plan diffs against them. */
export function applyLanded(held: HeldCompanyMap, writes: readonly FieldWrite[]): void {
  for (const w of writes) {
    const record = held.get(w.id);
    if (record) held.set(w.id, { ...record, fields: { ...record.fields, [w.field]: w.to } });
  }
}

/** Stores the companies, then the cursor: a crash between the two re-reads from the old cursor, losing nothing. */
export async function saveHeld(
  store: Store,
  crm: CrmName,
  fields: readonly string[],
  held: HeldCompanyMap,
  cursor: string | null,
): Promise<void> {
  await heldMeta(crm).write(store, { fields: [...fields], companies: [...held.values()] });
  await store.setCursor(companyCursorKey(crm), cursor);
}
