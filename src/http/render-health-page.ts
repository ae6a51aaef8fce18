/**
 * The sync health page (pure): write failures grouped by error (count, the CRM's message, the records,
 * a retry button per group and per record), duplicate groups to merge in the CRM, and recent runs with
 * what they did. CRM text is escaped.
 */
import { failureSubject, type FailureGroup } from '../health/failure-groups.ts';
import type { DuplicateGroup } from '../report/duplicate-groups.ts';
import type { RunSummary } from '../state/types.ts';
import { csvCell } from './csv.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';

export interface HealthView {
  readonly groups: readonly FailureGroup[];
  readonly duplicates: readonly DuplicateGroup[];
  readonly runs: readonly RunSummary[];
  readonly dirty: number;
  /** Filter on record id or message (the search box). */
  readonly query: string;
  /** What the last retry did, shown once after its redirect. */
  readonly notice?: string;
  /** Conditions stopping every run now (a CRM's daily limit), shown above everything else. */
  readonly alerts?: readonly string[];
}

const RECORDS_SHOWN = 50;
const num = (stats: Record<string, unknown>, key: string): number =>
  typeof stats[key] === 'number' ? (stats[key] as number) : 0;

function retryForm(fields: Record<string, string>, label: string, name: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<form method="post" action="/admin/health/retry" class="inline">${inputs}<button type="submit" aria-label="${escapeHtml(name)}">${escapeHtml(label)}</button></form>`;
}

function groupSection(g: FailureGroup, query: string): string {
  const q = query.toLowerCase();
  const shown = g.failures.filter(
    (f) => q === '' || failureSubject(f).toLowerCase().includes(q) || f.message.toLowerCase().includes(q),
  );
  const rows = shown
    .slice(0, RECORDS_SHOWN)
    .map(
      (f) =>
        `<tr><td>${escapeHtml(failureSubject(f))}</td><td>${escapeHtml(f.fields.join(', '))}</td><td>${escapeHtml(f.at.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(f.message)}</td><td>${retryForm({ group: g.key, record: f.recordId }, 'Retry', `Retry ${f.recordId}`)}</td></tr>`,
    )
    .join('\n');
  const more =
    shown.length > RECORDS_SHOWN
      ? `<p>${shown.length - RECORDS_SHOWN} more not shown: search to narrow.</p>`
      : '';
  return `<section class="failure-group" data-group="${escapeHtml(g.key)}" data-count="${g.count}" aria-labelledby="g-${escapeHtml(g.key)}">
  <h3 id="g-${escapeHtml(g.key)}">${escapeHtml(g.code)} · ${escapeHtml(g.crm)} ${escapeHtml(g.object)} · ${g.count} record${g.count === 1 ? '' : 's'} · ${g.permanent ? 'permanent' : 'retried by the next run'}</h3>
  <p class="crm-message">${escapeHtml(g.message)}</p>
  ${retryForm({ group: g.key }, `Retry all ${g.count}`, `Retry all ${g.count} ${g.code}`)}
  <div class="table-scroll"><table><caption>Records with ${escapeHtml(g.code)}</caption>
  <thead><tr><th scope="col">Record</th><th scope="col">Fields</th><th scope="col">When (UTC)</th><th scope="col">CRM message</th><th scope="col">Action</th></tr></thead>
  <tbody>${rows}</tbody></table></div>
  ${more}
</section>`;
}

function runsTable(runs: readonly RunSummary[]): string {
  const rows = runs
    .map((r) => {
      const seconds =
        r.finishedAt === null ? '' : ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
      const s = r.stats;
      return `<tr data-run="${escapeHtml(r.runId)}"><td>${escapeHtml(r.startedAt.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(r.status)}</td><td class="num">${seconds}</td><td class="num">${num(s, 'recordsPulled')}</td><td class="num">${num(s, 'peopleProcessed')}</td><td class="num">${num(s, 'recordsWritten.hubspot')} / ${num(s, 'recordsWritten.salesforce')}</td><td class="num">${num(s, 'apiCalls.hubspot')} / ${num(s, 'apiCalls.salesforce')}</td><td>${escapeHtml(r.error ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<div class="table-scroll"><table id="runs"><caption>Recent runs</caption>
<thead><tr><th scope="col">Started (UTC)</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col" class="num">Seconds</th><th scope="col" class="num">Pulled</th><th scope="col" class="num">People</th><th scope="col" class="num">Written HubSpot / Salesforce</th><th scope="col" class="num">API calls HubSpot / Salesforce</th><th scope="col">Error</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function duplicatesList(groups: readonly DuplicateGroup[]): string {
  if (groups.length === 0) return '<p>No duplicate records.</p>';
  const items = groups
    .slice(0, 100)
    .map(
      (g) =>
        `<li>${escapeHtml(g.email ?? g.personId)}: ${g.count} Salesforce records (primary ${escapeHtml(g.primary ? `${g.primary.object} ${g.primary.id}` : '–')}; ${escapeHtml(g.duplicates.map((d) => `${d.object} ${d.id}`).join(', '))})</li>`,
    )
    .join('');
  const who = groups.length === 1 ? '1 person has' : `${groups.length} people have`;
  return `<p>${who} more than one Salesforce record: merge them in Salesforce.</p><ul id="duplicates">${items}</ul>`;
}

export function renderHealthPage(view: HealthView): string {
  const total = view.groups.reduce((n, g) => n + g.count, 0);
  return layout(
    'leadloop: sync health',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/health', 'Sync health')}
<main id="main">
${(view.alerts ?? []).map((a) => `<p role="alert" class="alert">${escapeHtml(a)}</p>`).join('\n')}
${view.notice ? `<p role="status" id="notice">${escapeHtml(view.notice)}</p>` : ''}
<p>${view.dirty} people waiting for a run; ${total} records with a failed write. <a href="/admin/health.csv">Download failures as CSV</a></p>
<section aria-labelledby="failures-h">
  <h2 id="failures-h">Failures by error</h2>
  <form method="get" action="/admin/health" role="search">
    <label for="q">Search records or messages</label>
    <input id="q" name="q" type="search" value="${escapeHtml(view.query)}">
    <button type="submit">Search</button>
  </form>
  ${view.groups.length === 0 ? '<p id="no-failures">No failed writes.</p>' : view.groups.map((g) => groupSection(g, view.query)).join('\n')}
</section>
<section aria-labelledby="dup-h">
  <h2 id="dup-h">Duplicates</h2>
  ${duplicatesList(view.duplicates)}
</section>
<section aria-labelledby="runs-h">
  <h2 id="runs-h">Runs</h2>
  ${runsTable(view.runs)}
</section>
</main>`,
  );
}

export function failuresCsv(groups: readonly FailureGroup[]): string {
  const lines = ['crm,object,source,record,code,permanent,fields,at,message'];
  for (const g of groups)
    for (const f of g.failures)
      lines.push(
        [f.crm, f.object, f.source, f.recordId, f.code, f.permanent, f.fields.join(' '), f.at, f.message]
          .map((v) => csvCell(String(v)))
          .join(','),
      );
  return `${lines.join('\n')}\n`;
}
