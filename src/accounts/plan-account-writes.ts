/**
 * The writes that bring an account's records, and the cell on its people's records, to the account's
 * score: only fields whose held value differs (rule: write diffs only), so a second run writes nothing.
 * Pure.
 */
import type { CompanyRecord } from '../domain/company.ts';
import type { CrmName } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import { sameValue } from '../mapping/values.ts';
import { companyFieldName, personAccountCellField, type CompanyFieldKey } from './account-fields.ts';
import type { PersonRecordFields } from './assign-people.ts';
import type { LinkedAccount } from './link-companies.ts';
import type { AccountScore } from './score-account.ts';

export interface FieldWrite {
  readonly crm: CrmName;
  /** `company`, or the person object (`contact`, `lead`). */
  readonly object: 'company' | PersonRecordFields['object'];
  readonly id: string;
  readonly field: string;
  readonly from: FieldValue;
  readonly to: FieldValue;
}

function scoreValues(score: AccountScore): Record<Exclude<CompanyFieldKey, 'linkedCompanyId'>, FieldValue> {
  return {
    accountScore: score.total,
    accountProfileScore: score.profile,
    accountEngagementScore: score.engagement,
    accountGrade: score.grade,
    accountLevel: score.level,
    accountCell: score.cell,
    accountExplanation: score.explanation,
  };
}

function diff(
  record: CompanyRecord,
  wanted: Partial<Record<CompanyFieldKey, FieldValue>>,
  prefix: string,
): FieldWrite[] {
  const writes: FieldWrite[] = [];
  for (const [key, to] of Object.entries(wanted) as [CompanyFieldKey, FieldValue][]) {
    const field = companyFieldName(record.crm, key, prefix);
    const from = record.fields[field] ?? null;
    if (!sameValue(from, to))
      writes.push({ crm: record.crm, object: 'company', id: record.id, field, from, to });
  }
  return writes;
}

/**
 * Every record of the account gets the score; each primary also names its twin in the other CRM, so the
 * pair links by id from then on. Duplicates never name a twin: only primaries link.
 */
export function planCompanyWrites(account: LinkedAccount, score: AccountScore, prefix: string): FieldWrite[] {
  const values = scoreValues(score);
  const { hubspot, salesforce } = account;
  return [
    ...(hubspot
      ? diff(hubspot, { ...values, ...(salesforce ? { linkedCompanyId: salesforce.id } : {}) }, prefix)
      : []),
    ...(salesforce
      ? diff(salesforce, { ...values, ...(hubspot ? { linkedCompanyId: hubspot.id } : {}) }, prefix)
      : []),
    ...account.duplicates.flatMap((d) => diff(d, values, prefix)),
  ];
}

/** The account cell on each of a person's records; a person without an account has it cleared. */
export function planPersonCellWrites(
  records: readonly PersonRecordFields[],
  cell: string | null,
  prefix: string,
): FieldWrite[] {
  const writes: FieldWrite[] = [];
  for (const r of records) {
    const field = personAccountCellField(r.crm, prefix);
    const from = r.fields[field] ?? null;
    if (!sameValue(from, cell))
      writes.push({ crm: r.crm, object: r.object, id: r.id, field, from, to: cell });
  }
  return writes;
}
