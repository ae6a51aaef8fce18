/**
 * The closed-loop page (pure): the A1–D4 matrix as an SVG heat map (people, or conversion to SQL or Won),
 * the funnel with step conversion, and the same by lead source. Its numbers are `closedLoopReport`'s, the
 * module `leadloop report --json` prints, so the page and the CLI never disagree. Lead source names come
 * from the CRMs: escaped like every CRM text.
 */
import type { LoopReport, LoopRow } from '../report/closed-loop.ts';
import { csvCell } from './csv.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';

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

const percent = (share: number): string => `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)} %`;
const money = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

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

function funnelTable(report: LoopReport): string {
  const f = report.funnel;
  const steps: [string, number][] = [
    ['MIL (scored)', f.people],
    ['MQL', f.mql],
    ['SAL', f.sal],
    ['SQL', f.sql],
    ['Won', f.won],
  ];
  const rows = steps
    .map(([name, n], i) => {
      const prev = i === 0 ? undefined : steps[i - 1]?.[1];
      const step = prev === undefined ? '' : prev === 0 ? '–' : percent(n / prev);
      return `<tr data-stage="${escapeHtml(name)}"><th scope="row">${escapeHtml(name)}</th><td class="num">${n}</td><td class="num">${step}</td></tr>`;
    })
    .join('\n');
  return `<table id="funnel">
<caption>Funnel: people who reached each stage, and the share of the stage before</caption>
<thead><tr><th scope="col">Stage</th><th scope="col" class="num">People</th><th scope="col" class="num">From the stage before</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

function sourceTable(report: LoopReport): string {
  const rows = report.bySource
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.key)}</th><td class="num">${r.people}</td><td class="num">${r.mql}</td><td class="num">${r.sql}</td><td class="num">${percent(r.sqlRate)}</td><td class="num">${r.won}</td><td class="num">${money(r.openPipeline)}</td><td class="num">${money(r.wonAmount)}</td></tr>`,
    )
    .join('\n');
  return `<table id="by-source">
<caption>By lead source</caption>
<thead><tr><th scope="col">Source</th><th scope="col" class="num">People</th><th scope="col" class="num">MQL</th><th scope="col" class="num">SQL</th><th scope="col" class="num">SQL rate</th><th scope="col" class="num">Won</th><th scope="col" class="num">Open pipeline</th><th scope="col" class="num">Won amount</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export function renderReportPage(report: LoopReport, view: HeatView): string {
  const toggles = HEAT_VIEWS.map((v) =>
    v === view
      ? `<li><a href="/admin/report?view=${v}" aria-current="true">${VIEW_TEXT[v]}</a></li>`
      : `<li><a href="/admin/report?view=${v}">${VIEW_TEXT[v]}</a></li>`,
  ).join('');
  return layout(
    'leadloop: closed loop',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/report', 'Closed loop')}
<main id="main">
<section aria-labelledby="matrix-h">
  <h2 id="matrix-h">Matrix</h2>
  <p>${report.people} people scored; ${report.slaBreaches} MQL acceptance SLA breaches. <a href="/admin/report.csv">Download CSV</a></p>
  <nav aria-label="Heat map view"><ul class="toggles">${toggles}</ul></nav>
  ${heatMapSvg(report, view)}
</section>
<section aria-labelledby="funnel-h">
  <h2 id="funnel-h">Funnel</h2>
  <div class="table-scroll">${funnelTable(report)}</div>
</section>
<section aria-labelledby="source-h">
  <h2 id="source-h">Lead sources</h2>
  <div class="table-scroll">${sourceTable(report)}</div>
</section>
</main>`,
  );
}

/** One CSV for a spreadsheet: a row per cell, then per source, with the same columns. */
export function reportCsv(report: LoopReport): string {
  const lines = ['group,key,people,mql,sal,sql,won,recycled,sql_rate,open_pipeline,won_amount'];
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
      ].join(','),
    );
  };
  add('all', report.funnel);
  for (const r of report.byCell) add('cell', r);
  for (const r of report.bySource) add('source', r);
  return `${lines.join('\n')}\n`;
}
