/**
 * The console's first page (pure): how the sync is doing at a glance — the last runs as a small chart and
 * a table, people waiting, failed writes, label drift, SLA breaches, API quota per CRM — each linking to
 * the page that explains it. CRM text is escaped.
 */
import type { UsageDay } from '../health/api-usage-days.ts';
import type { DriftStatus } from '../terminology/drift.ts';
import type { RunSummary } from '../state/types.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';
import { usageChartSvg, usageTable } from './render-usage-chart.ts';

export interface OverviewView {
  readonly runs: readonly RunSummary[];
  readonly dirty: number;
  readonly failures: { readonly permanent: number; readonly retryable: number };
  readonly drift: DriftStatus | null;
  readonly quota: readonly { crm: string; used?: number; limit?: number }[];
  /** API calls and quota left per CRM and day, from the run records (health/api-usage-days.ts). */
  readonly usage?: readonly {
    readonly crm: string;
    readonly id: string;
    readonly days: readonly UsageDay[];
  }[];
  /** What the sync cannot do on these accounts (behaviour streams a plan lacks), one sentence each. */
  readonly warnings?: readonly string[];
}

const num = (stats: Record<string, unknown>, key: string): number =>
  typeof stats[key] === 'number' ? (stats[key] as number) : 0;
const seconds = (r: RunSummary): number =>
  r.finishedAt === null ? 0 : Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000);

/** Bars of the last runs' durations, oldest on the left; colour and pattern name the status. */
export function runsChart(runs: readonly RunSummary[]): string {
  const shown = [...runs].reverse().slice(-30);
  const width = 600;
  const height = 120;
  const bar = shown.length === 0 ? 0 : Math.min(36, Math.floor(width / shown.length) - 4);
  const max = Math.max(1, ...shown.map(seconds));
  const bars = shown
    .map((r, i) => {
      const h = Math.max(3, Math.round((seconds(r) / max) * (height - 24)));
      const x = i * (bar + 4);
      const label = `${r.startedAt.slice(0, 16).replace('T', ' ')} ${r.kind} ${r.status}, ${seconds(r).toFixed(1)} s`;
      return `<rect class="run ${escapeHtml(r.status)}" data-status="${escapeHtml(r.status)}" x="${x}" y="${height - h}" width="${bar}" height="${h}" rx="2"><title>${escapeHtml(label)}</title></rect>`;
    })
    .join('');
  return `<svg id="runs-chart" class="runs-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Duration of the last ${shown.length} runs, oldest first">${bars}</svg>`;
}

function tile(id: string, value: string, text: string, href: string, alert: boolean): string {
  return `<li class="tile${alert ? ' alert' : ''}" id="${id}"><a href="${href}"><span class="value">${escapeHtml(value)}</span> <span class="what">${escapeHtml(text)}</span></a></li>`;
}

export function renderOverviewPage(view: OverviewView): string {
  const last = view.runs.find((r) => r.finishedAt !== null);
  const failed = view.failures.permanent + view.failures.retryable;
  const drift = view.drift?.count ?? 0;
  const tiles = [
    tile(
      'tile-last-run',
      last ? last.status : 'none yet',
      last
        ? `last run (${last.kind}, ${last.finishedAt?.slice(0, 16).replace('T', ' ')} UTC)`
        : 'no run has finished',
      '/admin/health#runs-h',
      last !== undefined && last.status !== 'succeeded',
    ),
    tile('tile-waiting', String(view.dirty), 'people waiting for a run', '/admin/health', false),
    tile(
      'tile-failures',
      String(failed),
      `records with a failed write (${view.failures.permanent} permanent)`,
      '/admin/health',
      view.failures.permanent > 0,
    ),
    tile(
      'tile-drift',
      String(drift),
      'labels differ from the glossary',
      '/admin/terminology#drift',
      drift > 0,
    ),
    tile(
      'tile-sla',
      String(last ? num(last.stats, 'slaBreaches') : 0),
      'MQLs past the acceptance SLA at the last run',
      '/admin/report',
      last !== undefined && num(last.stats, 'slaBreaches') > 0,
    ),
  ].join('');
  const quota = view.quota
    .map((q) =>
      q.used === undefined || q.limit === undefined
        ? `<li>${escapeHtml(q.crm)}: not reported yet (this server has made no call)</li>`
        : `<li>${escapeHtml(q.crm)}: ${q.used.toLocaleString('en-US')} of ${q.limit.toLocaleString('en-US')} daily calls used (${((q.used / Math.max(1, q.limit)) * 100).toFixed(1)} %)</li>`,
    )
    .join('');
  const rows = view.runs
    .slice(0, 10)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.startedAt.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(r.status)}</td><td class="num">${seconds(r).toFixed(1)}</td><td class="num">${num(r.stats, 'recordsPulled')}</td><td class="num">${num(r.stats, 'apiCalls.hubspot')} / ${num(r.stats, 'apiCalls.salesforce')}</td></tr>`,
    )
    .join('\n');
  const warnings = view.warnings ?? [];
  const warningList =
    warnings.length === 0
      ? ''
      : `<section aria-labelledby="warnings-h" class="warnings"><h2 id="warnings-h">Warnings</h2><ul id="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>\n`;
  return layout(
    'leadloop: overview',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin', 'Overview')}
<main id="main">
${warningList}<ul class="tiles" aria-label="At a glance">${tiles}</ul>
<section aria-labelledby="runs-h">
  <h2 id="runs-h">Recent runs</h2>
  ${runsChart(view.runs)}
  <div class="table-scroll"><table id="overview-runs"><caption>The last runs</caption>
  <thead><tr><th scope="col">Started (UTC)</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col" class="num">Seconds</th><th scope="col" class="num">Records pulled</th><th scope="col" class="num">API calls HubSpot / Salesforce</th></tr></thead>
  <tbody>${rows}</tbody></table></div>
</section>
<section aria-labelledby="quota-h">
  <h2 id="quota-h">API calls and quota</h2>
  <ul id="quota">${quota}</ul>
  ${(view.usage ?? [])
    .map(
      (u) =>
        `<figure class="usage"><figcaption>${escapeHtml(u.crm)}: API calls per day (bars) and daily quota left as recorded (line), last ${u.days.length} days, UTC</figcaption>${usageChartSvg(`usage-chart-${u.id}`, u.crm, u.days)}${usageTable(`usage-table-${u.id}`, u.crm, u.days)}</figure>`,
    )
    .join('\n')}
</section>
</main>`,
  ).replace('<body>', '<body data-ready="true">');
}
