/**
 * Account scoring for one run, end to end and pure: link the companies, place every person in an account,
 * roll their engagement up, score each account and plan the writes that differ from what the CRMs hold.
 */
import type { CompanyRecord } from '../domain/company.ts';
import { accountOf, indexAccounts, type AccountPerson } from './assign-people.ts';
import { linkCompanies, type LinkedAccount } from './link-companies.ts';
import { planCompanyWrites, planPersonCellWrites, type FieldWrite } from './plan-account-writes.ts';
import { scoreAccount, type AccountModel, type AccountScore } from './score-account.ts';

export interface ScoredAccount {
  readonly account: LinkedAccount;
  readonly score: AccountScore;
  readonly personIds: readonly string[];
}

export interface AccountPlan {
  readonly accounts: readonly ScoredAccount[];
  /** Person id → account key, for people placed in an account. */
  readonly personAccount: ReadonlyMap<string, string>;
  readonly writes: readonly FieldWrite[];
}

export function planAccounts(
  model: AccountModel,
  input: {
    readonly companies: {
      readonly hubspot: readonly CompanyRecord[];
      readonly salesforce: readonly CompanyRecord[];
    };
    readonly people: readonly AccountPerson[];
  },
  prefix: string,
): AccountPlan {
  const accounts = linkCompanies(input.companies, prefix);
  const index = indexAccounts(accounts);
  const members = new Map<string, AccountPerson[]>();
  const personAccount = new Map<string, string>();
  for (const person of input.people) {
    const key = accountOf(person, index, model.config.match);
    if (key === null) continue;
    personAccount.set(person.personId, key);
    const list = members.get(key);
    if (list) list.push(person);
    else members.set(key, [person]);
  }
  const scored = accounts.map((account): ScoredAccount => {
    const people = members.get(account.key) ?? [];
    const engagements = people.map((p) => p.engagement ?? 0);
    return {
      account,
      score: scoreAccount(model, account, engagements),
      personIds: people.map((p) => p.personId),
    };
  });
  const cells = new Map(scored.map((s) => [s.account.key, s.score.cell]));
  const writes = [
    ...scored.flatMap((s) => planCompanyWrites(s.account, s.score, prefix)),
    ...(model.config.personField
      ? input.people.flatMap((p) =>
          planPersonCellWrites(p.records, cells.get(personAccount.get(p.personId) ?? '') ?? null, prefix),
        )
      : []),
  ];
  return { accounts: scored, personAccount, writes };
}
