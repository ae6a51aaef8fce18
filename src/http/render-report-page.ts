/**
 * The closed-loop page (pure): a period selector (by stage-entry date), the A1–D4 matrix as an SVG heat
 * map (people, or conversion to SQL or Won), the funnel with step conversion and median time in stage, the
 * same by lead source and by first campaign, SLA compliance and recycle reasons. Its numbers are
 * `closedLoopReport`'s, the module `leadloop report --json` prints, so the page and the CLI never
 * disagree. The selectors are plain links: no script, and the keyboard reaches them like any link.
 */
import type { AccountView } from '../report/account-view.ts';
import type { LoopReport, LoopRow } from '../report/closed-loop.ts';
import { ReportPeriod } from '../report/report-period.ts';
import { TIMED_STAGES } from '../report/stage-times.ts';
import { renderAccountSection } from './render-account-section.ts';
import { csvCell } from './csv.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { funnelTable, groupTable, money, percent, recycleTable, slaList } from './render-loop-tables.ts';
import { consoleHeader } from './render-nav.ts';
import { ownerSlaTables } from './render-owner-sla.ts';

export const HEAT_VIEWS = ['people', 'sql', 'won'] as const;
export type HeatView = (typeof HEAT_VIEWS)[number];

const VIEW_TEXT: Record<HeatView, string> = {
  people: 'People per cell',
  sql: 'Conversion to SQL',
  won: 'Conversion to Won',
};

const GRADES = ['A', 'B', 'C', 'D'] as const;
const LEVELS = ['1', '2', '3', '4'] as const;
const CELL = 96;
const PAD = 36;

const PERIOD_TEXT: Record<ReportPeriod, string> = {
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '365d': 'Last 365 days',
  all: 'All time',
};

const reportHref = (period: ReportPeriod, view: HeatView): string =>
  `/admin/report?period=${period}&amp;view=${view}`;

function valueOf(row: LoopRow, view: HeatView): number {
  if (view === 'people') return row.people;
  if (row.people === 0) return 0;
  return view === 'sql' ? row.sql / row.people : row.won / row.people;
}

const labelOf = (row: LoopRow, view: HeatView): string =>
  view === 'people' ? String(row.people) : row.people === 0 ? '–' : percent(valueOf(row, view));

/** Light to dark blue by share of the largest cell: readable in print and for most colour blindness. */
function fill(share: number): string {
  const l = Math.round(96 - share * 62);
  return `hsl(212 70% ${l}%)`;
}

export function heatMapSvg(report: LoopReport, view: HeatView): string {
  const rows = new Map(report.byCell.map((r) => [r.key, r]));
  const max = Math.max(0, ...report.byCell.map((r) => valueOf(r, view)));
  const cells: string[] = [];
  GRADES.forEach((grade, gi) => {
    LEVELS.forEach((level, li) => {
      const key = `${grade}${level}`;
      const row = rows.get(key);
      if (!row) return;
      const value = valueOf(row, view);
      const share = max === 0 ? 0 : value / max;
      const x = PAD + li * CELL;
      const y = PAD + gi * CELL;
      const text = labelOf(row, view);
      const detail = `${key}: ${row.people} people, ${row.sql} reached SQL, ${row.won} won, open pipeline ${money(row.openPipeline)}, won ${money(row.wonAmount)}`;
      cells.push(
        `<g class="cell" data-cell="${key}" data-people="${row.people}" data-sql="${row.sql}" data-won="${row.won}" role="listitem" aria-label="${escapeHtml(detail)}">` +
          `<title>${escapeHtml(detail)}</title>` +
          `<rect x="${x}" y="${y}" width="${CELL - 4}" height="${CELL - 4}" rx="6" fill="${fill(share)}"/>` +
          `<text x="${x + (CELL - 4) / 2}" y="${y + CELL / 2 - 6}" class="${share > 0.55 ? 'on-dark' : ''}">${escapeHtml(text)}</text>` +
          `<text x="${x + (CELL - 4) / 2}" y="${y + CELL / 2 + 14}" class="key ${share > 0.55 ? 'on-dark' : ''}">${key}</text>` +
          `</g>`,
      );
    });
  });
  const axis = [
    ...GRADES.map((g, i) => `<text class="axis" x="${PAD / 2}" y="${PAD + i * CELL + CELL / 2}">${g}</text>`),
    ...LEVELS.map(
      (l, i) => `<text class="axis" x="${PAD + i * CELL + (CELL - 4) / 2}" y="${PAD / 2 + 4}">${l}</text>`,
    ),
  ];
  const size = PAD + 4 * CELL;
  return `<svg id="heat-map" class="heat-map" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-labelledby="heat-title">
<title id="heat-title">${escapeHtml(VIEW_TEXT[view])}, grade A–D (fit) by level 1–4 (engagement)</title>
${axis.join('\n')}
<g role="list">${cells.join('\n')}</g>
</svg>`;
}

/** `accounts`: the last run's account cells (not bound to the period: accounts are scored as of now). */
export function renderReportPage(report: LoopReport, view: HeatView, accounts?: AccountView): string {
  const period = report.period.period;
  const toggles = HEAT_VIEWS.map((v) =>
    v === view
      ? `<li><a href="${reportHref(period, v)}" aria-current="true">${VIEW_TEXT[v]}</a></li>`
      : `<li><a href="${reportHref(period, v)}">${VIEW_TEXT[v]}</a></li>`,
  ).join('');
  const periods = ReportPeriod.options
    .map((p) =>
      p === period
        ? `<li><a href="${reportHref(p, view)}" aria-current="true">${PERIOD_TEXT[p]}</a></li>`
        : `<li><a href="${reportHref(p, view)}">${PERIOD_TEXT[p]}</a></li>`,
    )
    .join('');
  const range = report.period.from
    ? `Stage entries from ${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)} (UTC).`
    : 'Every stage entry on record.';
  return layout(
    'leadloop: closed loop',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/report', 'Closed loop')}
<main id="main">
<nav aria-label="Period" class="period"><ul class="toggles">${periods}</ul></nav>
<p id="period-range">${escapeHtml(range)}</p>
<section aria-labelledby="matrix-h">
  <h2 id="matrix-h">Matrix</h2>
  <p><span id="people-count">${report.people}</span> people; ${report.slaBreaches} MQL acceptance SLA ${report.slaBreaches === 1 ? 'breach' : 'breaches'}. <a href="/admin/report.csv?period=${period}">Download CSV</a></p>
  <nav aria-label="Heat map view"><ul class="toggles">${toggles}</ul></nav>
  ${heatMapSvg(report, view)}
</section>
<section aria-labelledby="funnel-h">
  <h2 id="funnel-h">Funnel</h2>
  <div class="table-scroll">${funnelTable(report)}</div>
</section>
<section aria-labelledby="sla-h">
  <h2 id="sla-h">SLA compliance</h2>
  ${slaList(report)}
</section>
<section aria-labelledby="source-h">
  <h2 id="source-h">Lead sources</h2>
  <div class="table-scroll">${groupTable('by-source', 'By lead source', 'Source', report.bySource)}</div>
</section>
<section aria-labelledby="campaign-h">
  <h2 id="campaign-h">Campaigns</h2>
  <p>By the first campaign a person touched (form, email or Salesforce campaign) among the activities leadloop still keeps for scoring.</p>
  <div class="table-scroll">${groupTable('by-campaign', 'By first campaign', 'Campaign', report.byCampaign)}</div>
</section>
${accounts ? renderAccountSection(accounts) : ''}
<section aria-labelledby="recycle-h">
  <h2 id="recycle-h">Recycle reasons</h2>
  <div class="table-scroll">${recycleTable(report)}</div>
</section>
<section aria-labelledby="owners-h">
  <h2 id="owners-h">Hand-off by owner</h2>
  ${ownerSlaTables(report.owners)}
</section>
</main>`,
  );
}

const optional = (x: number | null, digits: number): string => (x === null ? '' : x.toFixed(digits));

/**
 * One CSV for a spreadsheet: the period, then a row per funnel, cell, source and campaign with the same
 * columns (step conversion and median hours in stage included), then SLA compliance and recycle reasons,
 * then account cells against pipeline when accounts were scored, each block under its own header after a
 * blank line.
 */
export function reportCsv(report: LoopReport, accounts?: AccountView): string {
  const lines = [
    `group,key,people,mql,sal,sql,won,recycled,sql_rate,open_pipeline,won_amount,mql_rate,sal_rate,sql_step_rate,won_rate,${TIMED_STAGES.map((s) => `median_hours_${s.toLowerCase()}`).join(',')}`,
  ];
  const add = (group: string, r: LoopRow): void => {
    lines.push(
      [
        group,
        csvCell(r.key),
        r.people,
        r.mql,
        r.sal,
        r.sql,
        r.won,
        r.recycled,
        r.sqlRate.toFixed(4),
        r.openPipeline,
        r.wonAmount,
        optional(r.conversion.MQL, 4),
        optional(r.conversion.SAL, 4),
        optional(r.conversion.SQL, 4),
        optional(r.conversion.WON, 4),
        ...TIMED_STAGES.map((s) => optional(r.timeInStage[s].medianHours, 2)),
      ].join(','),
    );
  };
  add('all', report.funnel);
  for (const r of report.byCell) add('cell', r);
  for (const r of report.bySource) add('source', r);
  for (const r of report.byCampaign) add('campaign', r);
  const s = report.sla;
  lines.push(
    '',
    'period,from,to,sla_hours,mqls,on_time,breached,pending,compliance,accepted,median_hours_to_accept,recorded_breaches',
    [
      report.period.period,
      report.period.from ?? '',
      report.period.to,
      s.acceptWithinHours ?? '',
      s.mqls,
      s.onTime,
      s.breached,
      s.pending,
      optional(s.compliance, 4),
      s.accepted,
      optional(s.medianHoursToAccept, 2),
      s.recordedBreaches,
    ].join(','),
    '',
    'recycle_reason,count',
    ...report.recycleReasons.map((r) => `${csvCell(r.reason)},${r.count}`),
  );
  if (accounts && accounts.scoredAt !== null)
    lines.push(
      '',
      'account_cell,accounts,with_pipeline,with_won,open_pipeline,won_amount,scored_at',
      ...accounts.cells
        .filter((c) => c.accounts > 0)
        .map((c) =>
          [
            c.cell,
            c.accounts,
            c.withPipeline,
            c.withWon,
            c.openPipeline,
            c.wonAmount,
            accounts.scoredAt,
          ].join(','),
        ),
    );
  return `${lines.join('\n')}\n`;
}
