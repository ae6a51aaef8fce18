/**
 * The account step of a run, after every person is scored (it rolls up their engagement): provision the
 * account fields, read the companies that changed in each CRM since its company cursor into the held
 * companies (company-state.ts), plan every account (pure, plan-accounts.ts) and write what changed.
 * Every account is re-planned from the held companies and the stored people, so one whose people
 * changed is rewritten though its own record was not read, and one where nothing changed plans no write.
 * The company cursors move only once the company writes answered. Runs only with `scoring.account`;
 * without it no company is read.
 */
import type { CrmName } from '../domain/crm.ts';
import type { SyncContext } from '../sync/context.ts';
import { CRMS } from '../sync/context.ts';
import { RunCounters } from '../sync/run-counters.ts';
import { addCounters, findRun } from '../sync/run-stats.ts';
import { COMPANY_FIELD_KEYS, companyFieldName } from './account-fields.ts';
import { ACCOUNT_RESULTS, accountResults } from './account-results.ts';
import { collectAccountPeople } from './collect-account-people.ts';
import { companyReadFields } from './company-fields.ts';
import { applyLanded, applyPage, loadHeld, saveHeld, type HeldCompanyMap } from './company-state.ts';
import { executeAccountWrites } from './execute-account-writes.ts';
import { planAccounts, type AccountPlan } from './plan-accounts.ts';
import { provisionAccountFields } from './provision-account-fields.ts';
import { compileAccountModel } from './score-account.ts';

export interface AccountRun {
  readonly plan: AccountPlan;
  readonly written: number;
  readonly failed: number;
}

interface CompanyRead {
  readonly crm: CrmName;
  readonly fields: readonly string[];
  readonly held: HeldCompanyMap;
  /** Where the next run resumes; null when this CRM has no company source. */
  readonly cursor: string | null;
  readonly read: number;
  readonly removed: number;
}

async function readCompanies(
  ctx: SyncContext,
  crm: CrmName,
  options: { readonly full: boolean; readonly signpost: Date },
): Promise<CompanyRead> {
  const prefix = ctx.config.fields.prefix;
  const fields = [
    ...companyReadFields(crm),
    ...COMPANY_FIELD_KEYS.map((k) => companyFieldName(crm, k, prefix)),
  ];
  const source = ctx.connectors[crm].companies;
  if (!source) return { crm, fields, held: new Map(), cursor: null, read: 0, removed: 0 };
  const { held, cursor: start } = await loadHeld(ctx.store, crm, fields, options.full);
  let cursor = start;
  let read = 0;
  let removed = 0;
  let first = true;
  for await (const page of source.readChanged(fields, start, options)) {
    applyPage(held, page, first);
    first = false;
    read += page.records.length;
    removed += page.removed.length;
    cursor = page.cursor;
  }
  return { crm, fields, held, cursor, read, removed };
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
  const full = (await findRun(ctx.store, options.runId))?.kind === 'full';
  const signpost = ctx.clock();
  const reads = await Promise.all(CRMS.map((crm) => readCompanies(ctx, crm, { full, signpost })));
  const [hubspot, salesforce] = reads;
  const people = await collectAccountPeople(ctx.store, prefix);
  const plan = planAccounts(
    compileAccountModel(config),
    {
      companies: {
        hubspot: [...(hubspot?.held.values() ?? [])],
        salesforce: [...(salesforce?.held.values() ?? [])],
      },
      people,
    },
    prefix,
  );
  const result = options.dryRun
    ? { written: 0, failed: 0, landedCompanies: [] }
    : await executeAccountWrites(ctx, plan.writes, ready, options.runId);
  const counters = new RunCounters();
  for (const r of reads) {
    const landed = result.landedCompanies.filter((w) => w.crm === r.crm);
    applyLanded(r.held, landed);
    // After the writes answered: a crash before this re-reads from the old cursor, losing nothing.
    if (ctx.connectors[r.crm].companies) await saveHeld(ctx.store, r.crm, r.fields, r.held, r.cursor);
    counters.add(`accounts.companiesRead.${r.crm}`, r.read);
    counters.add(`accounts.companiesRemoved.${r.crm}`, r.removed);
    counters.add(`accounts.companiesWritten.${r.crm}`, new Set(landed.map((w) => w.id)).size);
  }
  await ACCOUNT_RESULTS.write(ctx.store, accountResults(plan, ctx.clock()));
  counters.add('accounts.scored', plan.accounts.length);
  counters.add('accounts.people', plan.personAccount.size);
  counters.add('accounts.plannedWrites', plan.writes.length);
  counters.add('accounts.writes', result.written);
  counters.add('accounts.writeFailures', result.failed);
  const stats = counters.toJSON();
  await addCounters(ctx, options.runId, stats);
  ctx.logger.info(stats, 'accounts scored');
  return { plan, written: result.written, failed: result.failed };
}
