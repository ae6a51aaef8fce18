/**
 * The account section of /admin/report: account cells (A1–D4) against pipeline and won amount, the same
 * figures `leadloop report --json` prints under `accounts` (src/report/account-view.ts). Absent until a
 * run with `scoring.account` has scored accounts.
 */
import type { AccountView } from '../report/account-view.ts';
import { money } from './render-loop-tables.ts';

export function renderAccountSection(view: AccountView): string {
  if (view.scoredAt === null) return '';
  const rows = view.cells
    .filter((c) => c.accounts > 0)
    .map(
      (c) =>
        `<tr data-cell="${c.cell}"><th scope="row">${c.cell}</th><td class="num">${c.accounts}</td><td class="num">${c.withPipeline}</td><td class="num">${c.withWon}</td><td class="num">${money(c.openPipeline)}</td><td class="num">${money(c.wonAmount)}</td></tr>`,
    )
    .join('');
  return `<section aria-labelledby="accounts-h">
  <h2 id="accounts-h">Accounts</h2>
  <p><span id="account-count">${view.accounts}</span> accounts, scored ${view.scoredAt.slice(0, 16).replace('T', ' ')} UTC; pipeline through their people's contact roles.</p>
  <div class="table-scroll"><table id="by-account-cell">
<caption>By account cell</caption>
<thead><tr><th scope="col">Account cell</th><th scope="col" class="num">Accounts</th><th scope="col" class="num">With pipeline</th><th scope="col" class="num">With won deals</th><th scope="col" class="num">Open pipeline</th><th scope="col" class="num">Won amount</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}
