/**
 * The closed loop by account: for each account cell (A1–D4), how many accounts hold it, how many have
 * pipeline, and the open pipeline and won amount of the opportunities their people hold contact roles
 * on. One module for `leadloop report` and the admin report; it reads the last run's accounts and the
 * ledger from the state store, no CRM calls. An opportunity counts once per account, whichever and
 * however many of the account's people are on it.
 */
import type { Opportunity } from '../domain/opportunity.ts';
import { ACCOUNT_RESULTS, type AccountResults } from '../accounts/account-results.ts';
import { Grade, Level, type MatrixCell } from '../scoring/schema.ts';
import type { StateStore } from '../state/types.ts';

export interface AccountCellRow {
  readonly cell: MatrixCell;
  readonly accounts: number;
  readonly withPipeline: number;
  readonly withWon: number;
  readonly openPipeline: number;
  readonly wonAmount: number;
}

export interface AccountView {
  /** When the accounts were last scored; null: never (no `scoring.account`, or no run yet). */
  readonly scoredAt: string | null;
  readonly accounts: number;
  readonly cells: readonly AccountCellRow[];
}

const CELLS: readonly MatrixCell[] = Grade.options.flatMap((g) =>
  Level.options.map((l): MatrixCell => `${g}${l}`),
);

/** Pure: the view from the stored accounts and each person's opportunities. */
export function accountView(
  results: AccountResults | null,
  opportunitiesOf: (personId: string) => readonly Opportunity[],
): AccountView {
  const rows = new Map(
    CELLS.map((cell) => [
      cell,
      { cell, accounts: 0, withPipeline: 0, withWon: 0, openPipeline: 0, wonAmount: 0 },
    ]),
  );
  for (const account of results?.accounts ?? []) {
    const row = rows.get(account.cell);
    if (!row) continue;
    const seen = new Map<string, Opportunity>();
    for (const personId of account.personIds) for (const o of opportunitiesOf(personId)) seen.set(o.id, o);
    const open = [...seen.values()].filter((o) => o.status === 'open');
    const won = [...seen.values()].filter((o) => o.status === 'won');
    row.accounts += 1;
    if (open.length > 0) row.withPipeline += 1;
    if (won.length > 0) row.withWon += 1;
    row.openPipeline += open.reduce((sum, o) => sum + (o.amount ?? 0), 0);
    row.wonAmount += won.reduce((sum, o) => sum + (o.amount ?? 0), 0);
  }
  return {
    scoredAt: results?.at ?? null,
    accounts: results?.accounts.length ?? 0,
    cells: [...rows.values()],
  };
}

/** Reads the stored accounts and their people's opportunities, a batch of people at a time. */
export async function loadAccountView(
  store: Pick<StateStore, 'getCursor' | 'setCursor' | 'getLinksByPersonIds' | 'getOpportunitiesForContacts'>,
  batchSize = 2000,
): Promise<AccountView> {
  const results = await ACCOUNT_RESULTS.read(store);
  const byPerson = new Map<string, Opportunity[]>();
  const personIds = [...new Set((results?.accounts ?? []).flatMap((a) => a.personIds))];
  for (let i = 0; i < personIds.length; i += batchSize) {
    const links = await store.getLinksByPersonIds(personIds.slice(i, i + batchSize));
    const contacts = [...links.values()].flatMap((l) =>
      l.salesforceContactId ? [l.salesforceContactId] : [],
    );
    const opportunities = await store.getOpportunitiesForContacts(contacts);
    for (const link of links.values())
      if (link.salesforceContactId)
        byPerson.set(link.personId, opportunities.get(link.salesforceContactId) ?? []);
  }
  return accountView(results, (personId) => byPerson.get(personId) ?? []);
}

/** Plain text for `leadloop report`: the cells that hold any account. */
export function formatAccountView(view: AccountView): string {
  if (view.scoredAt === null) return '';
  const lines = [`Accounts (${view.accounts}, scored ${view.scoredAt.slice(0, 16).replace('T', ' ')} UTC)`];
  lines.push('  cell  accounts  with pipeline  open pipeline  won');
  for (const r of view.cells.filter((c) => c.accounts > 0))
    lines.push(
      `  ${r.cell.padEnd(4)}  ${String(r.accounts).padStart(8)}  ${String(r.withPipeline).padStart(13)}  ${r.openPipeline.toLocaleString('en-US').padStart(13)}  ${r.wonAmount.toLocaleString('en-US')}`,
    );
  return `${lines.join('\n')}\n`;
}
