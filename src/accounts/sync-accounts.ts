/**
 * The account step of a run, after every person is scored (it rolls up their engagement): provision the
 * account fields, read the companies of both CRMs, plan (pure, plan-accounts.ts) and write what changed.
 * Companies are read whole each run: a company's score moves with its people, not only with its own
 * edits. Runs only with `scoring.account`; without it no company is read.
 */
import type { CompanyRecord } from '../domain/company.ts';
import type { CrmName } from '../domain/crm.ts';
import type { SyncContext } from '../sync/context.ts';
import { CRMS } from '../sync/context.ts';
import { RunCounters } from '../sync/run-counters.ts';
import { addCounters } from '../sync/run-stats.ts';
import { COMPANY_FIELD_KEYS, companyFieldName } from './account-fields.ts';
import { ACCOUNT_RESULTS, accountResults } from './account-results.ts';
import { collectAccountPeople } from './collect-account-people.ts';
import { companyReadFields } from './company-fields.ts';
import { executeAccountWrites } from './execute-account-writes.ts';
import { planAccounts, type AccountPlan } from './plan-accounts.ts';
import { provisionAccountFields } from './provision-account-fields.ts';
import { compileAccountModel } from './score-account.ts';

export interface AccountRun {
  readonly plan: AccountPlan;
  readonly written: number;
  readonly failed: number;
}

async function readCompanies(ctx: SyncContext, crm: CrmName): Promise<CompanyRecord[]> {
  const source = ctx.connectors[crm].companies;
  if (!source) return [];
  const prefix = ctx.config.fields.prefix;
  const fields = [
    ...companyReadFields(crm),
    ...COMPANY_FIELD_KEYS.map((k) => companyFieldName(crm, k, prefix)),
  ];
  const out: CompanyRecord[] = [];
  for await (const page of source.readAll(fields)) out.push(...page);
  return out;
}

export async function syncAccounts(
  ctx: SyncContext,
  options: { readonly runId: string; readonly dryRun: boolean },
): Promise<AccountRun | undefined> {
  const config = ctx.config.scoring.account;
  if (config === undefined) return undefined;
  const prefix = ctx.config.fields.prefix;
  const ready = await provisionAccountFields(ctx, {
    dryRun: options.dryRun,
    personField: config.personField,
  });
  const [hubspot, salesforce] = await Promise.all(CRMS.map((crm) => readCompanies(ctx, crm)));
  const people = await collectAccountPeople(ctx.store, prefix);
  const plan = planAccounts(
    compileAccountModel(config),
    { companies: { hubspot: hubspot ?? [], salesforce: salesforce ?? [] }, people },
    prefix,
  );
  const result = options.dryRun
    ? { written: 0, failed: 0 }
    : await executeAccountWrites(ctx, plan.writes, ready, options.runId);
  await ACCOUNT_RESULTS.write(ctx.store, accountResults(plan, ctx.clock()));
  const counters = new RunCounters();
  counters.add('accounts.scored', plan.accounts.length);
  counters.add('accounts.people', plan.personAccount.size);
  counters.add('accounts.plannedWrites', plan.writes.length);
  counters.add('accounts.writes', result.written);
  counters.add('accounts.writeFailures', result.failed);
  const stats = counters.toJSON();
  await addCounters(ctx, options.runId, stats);
  ctx.logger.info(stats, 'accounts scored');
  return { plan, ...result };
}
