/**
 * Which account each person belongs to. A record naming its company wins (the Salesforce Contact's
 * Account first, as sales keeps it; then the HubSpot contact's primary company; then a converted Lead's
 * Account); a person none of whose records names one is matched by `scoring.account.match`, in order.
 * A name or domain two accounts share matches neither: a wrong account is worse than none. Pure.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import {
  COMPANY_API_FIELDS,
  PERSON_COMPANY_ID_FIELDS,
  PERSON_COMPANY_NAME_FIELDS,
  PERSON_EMAIL_FIELDS,
} from './company-fields.ts';
import { companyDomain, type LinkedAccount } from './link-companies.ts';
import { emailDomain, normaliseCompanyName } from './normalise-domain.ts';
import type { PersonMatch } from './schema.ts';

export interface PersonRecordFields {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly id: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface AccountPerson {
  readonly personId: string;
  /** The person's last (rounded) engagement score; null when never scored. */
  readonly engagement: number | null;
  readonly records: readonly PersonRecordFields[];
}

/** Precedence of the records that name a company. */
const ID_ORDER: readonly { crm: CrmName; object: PersonObject }[] = [
  { crm: 'salesforce', object: 'contact' },
  { crm: 'hubspot', object: 'contact' },
  { crm: 'salesforce', object: 'lead' },
];

const AMBIGUOUS = '';

function addUnique(index: Map<string, string>, value: string | null, key: string): void {
  if (value === null) return;
  const held = index.get(value);
  if (held === undefined) index.set(value, key);
  else if (held !== key) index.set(value, AMBIGUOUS);
}

export interface AccountIndex {
  readonly byId: ReadonlyMap<string, string>;
  readonly byDomain: ReadonlyMap<string, string>;
  readonly byName: ReadonlyMap<string, string>;
}

export function indexAccounts(accounts: readonly LinkedAccount[]): AccountIndex {
  const byId = new Map<string, string>();
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const account of accounts) {
    for (const record of [account.hubspot, account.salesforce, ...account.duplicates]) {
      if (record === null) continue;
      byId.set(`${record.crm}:${record.id}`, account.key);
      addUnique(byDomain, companyDomain(record), account.key);
      addUnique(
        byName,
        normaliseCompanyName(record.fields[COMPANY_API_FIELDS[record.crm].name]),
        account.key,
      );
    }
  }
  return { byId, byDomain, byName };
}

const text = (value: FieldValue | undefined): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;

/** The key of the person's account, or null. */
export function accountOf(
  person: AccountPerson,
  index: AccountIndex,
  match: readonly PersonMatch[],
): string | null {
  for (const { crm, object } of ID_ORDER) {
    const field = PERSON_COMPANY_ID_FIELDS[crm][object];
    if (field === undefined) continue;
    for (const record of person.records.filter((r) => r.crm === crm && r.object === object)) {
      const id = text(record.fields[field]);
      const key = id === null ? undefined : index.byId.get(`${crm}:${id}`);
      if (key !== undefined) return key;
    }
  }
  for (const how of match) {
    for (const record of person.records) {
      const value =
        how === 'email-domain'
          ? emailDomain(record.fields[PERSON_EMAIL_FIELDS[record.crm]])
          : normaliseCompanyName(record.fields[PERSON_COMPANY_NAME_FIELDS[record.crm][record.object] ?? '']);
      const key =
        value === null ? undefined : (how === 'email-domain' ? index.byDomain : index.byName).get(value);
      if (key !== undefined && key !== AMBIGUOUS) return key;
    }
  }
  return null;
}
