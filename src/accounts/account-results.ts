/**
 * The last run's accounts, kept beside the cursors (a meta entry): what `leadloop report` and the admin
 * report read to show account cells against pipeline without calling the CRMs. Rewritten whole by every
 * run with `scoring.account`; a dry run writes its overlay only.
 */
import { z } from 'zod';
import { IsoTime } from '../domain/crm.ts';
import { MatrixCell } from '../scoring/schema.ts';
import { defineMeta } from '../state/meta.ts';
import type { AccountPlan } from './plan-accounts.ts';

export const StoredAccount = z.strictObject({
  key: z.string(),
  cell: MatrixCell,
  total: z.number(),
  hubspotId: z.string().nullable(),
  salesforceId: z.string().nullable(),
  personIds: z.array(z.string()),
});
export type StoredAccount = z.infer<typeof StoredAccount>;

export const AccountResults = z.strictObject({ at: IsoTime, accounts: z.array(StoredAccount) });
export type AccountResults = z.infer<typeof AccountResults>;

export const ACCOUNT_RESULTS = defineMeta('accounts', AccountResults);

export function accountResults(plan: AccountPlan, at: Date): AccountResults {
  return {
    at: at.toISOString(),
    accounts: plan.accounts.map((a) => ({
      key: a.account.key,
      cell: a.score.cell,
      total: a.score.total,
      hubspotId: a.account.hubspot?.id ?? null,
      salesforceId: a.account.salesforce?.id ?? null,
      personIds: [...a.personIds],
    })),
  };
}
