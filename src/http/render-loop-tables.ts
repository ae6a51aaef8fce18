/**
 * The closed-loop page's tables (pure): the funnel with step conversion and median time in stage, one
 * table per grouping (lead source, first campaign), SLA compliance and recycle reasons. Every figure is
 * the report's own (`closedLoopReport`); cells carry the raw number in a data attribute so a test can hold
 * the page to `leadloop report --json`. Source, campaign and Lead Status names are CRM text: escaped.
 */
import type { LoopReport, LoopRow } from '../report/closed-loop.ts';
import type { TimedStage } from '../report/stage-times.ts';
import { escapeHtml } from './render-admin-page.ts';

export const percent = (share: number): string =>
  `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)} %`;
export const money = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const rate = (share: number | null): string => (share === null ? '–' : percent(share));

/** Hours up to two days, days beyond: "4.0 h", "10.0 d". */
export function duration(hours: number | null): string {
  if (hours === null) return '–';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

const num = (value: number | null, text: string): string =>
  `<td class="num" data-value="${value === null ? '' : value}">${escapeHtml(text)}</td>`;

export function funnelTable(report: LoopReport): string {
  const f = report.funnel;
  const steps: [string, number, number | null, TimedStage | null][] = [
    ['MIL (scored)', f.people, null, 'MIL'],
    ['MQL', f.mql, f.conversion.MQL, 'MQL'],
    ['SAL', f.sal, f.conversion.SAL, 'SAL'],
    ['SQL', f.sql, f.conversion.SQL, 'SQL'],
    ['Won', f.won, f.conversion.WON, null],
  ];
  const rows = steps
    .map(([name, n, conversion, stage]) => {
      const time = stage === null ? null : f.timeInStage[stage];
      return `<tr data-stage="${escapeHtml(name)}"><th scope="row">${escapeHtml(name)}</th><td class="num">${n}</td>${num(conversion, name.startsWith('MIL') ? '' : rate(conversion))}${num(time?.medianHours ?? null, time ? duration(time.medianHours) : '')}${num(time?.completed ?? null, time ? String(time.completed) : '')}</tr>`;
    })
    .join('\n');
  return `<table id="funnel">
<caption>Funnel: people who entered each stage, the share of the stage before, and the median time they spent in it (finished stays)</caption>
<thead><tr><th scope="col">Stage</th><th scope="col" class="num">People</th><th scope="col" class="num">From the stage before</th><th scope="col" class="num">Median time in stage</th><th scope="col" class="num">Finished stays</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export function groupTable(id: string, caption: string, keyName: string, rows: readonly LoopRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr data-key="${escapeHtml(r.key)}"><th scope="row">${escapeHtml(r.key)}</th><td class="num">${r.people}</td><td class="num">${r.mql}</td><td class="num">${r.sal}</td><td class="num">${r.sql}</td><td class="num">${r.won}</td>${num(r.conversion.SAL, rate(r.conversion.SAL))}<td class="num">${percent(r.sqlRate)}</td>${num(r.timeInStage.MQL.medianHours, duration(r.timeInStage.MQL.medianHours))}${num(r.timeInStage.SAL.medianHours, duration(r.timeInStage.SAL.medianHours))}<td class="num">${money(r.openPipeline)}</td><td class="num">${money(r.wonAmount)}</td></tr>`,
    )
    .join('\n');
  return `<table id="${id}">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">${escapeHtml(keyName)}</th><th scope="col" class="num">People</th><th scope="col" class="num">MQL</th><th scope="col" class="num">SAL</th><th scope="col" class="num">SQL</th><th scope="col" class="num">Won</th><th scope="col" class="num">MQL → SAL</th><th scope="col" class="num">SQL rate</th><th scope="col" class="num">Median in MQL</th><th scope="col" class="num">Median in SAL</th><th scope="col" class="num">Open pipeline</th><th scope="col" class="num">Won amount</th></tr></thead>
<tbody>${body}</tbody>
</table>`;
}

export function slaList(report: LoopReport): string {
  const s = report.sla;
  const rule =
    s.acceptWithinHours === null
      ? 'No default acceptance SLA is configured (stages.sla); episodes an SLA rule acted on are measured against that rule.'
      : `An MQL must be accepted or passed back within ${s.acceptWithinHours} ${s.businessHours ? 'business ' : ''}hours, or within the SLA rule (stages.slaRules) a run applied to it.`;
  const item = (id: string, value: number | null, text: string, what: string): string =>
    `<li id="${id}" data-value="${value === null ? '' : value}"><span class="value">${escapeHtml(text)}</span> ${escapeHtml(what)}</li>`;
  return `<p>${escapeHtml(rule)}</p>
<ul class="figures">
${item('sla-compliance', s.compliance, rate(s.compliance), `within the SLA (${s.onTime} on time, ${s.breached} breached, ${s.pending} still inside the window, of ${s.mqls} MQLs)`)}
${item('sla-median-accept', s.medianHoursToAccept, duration(s.medianHoursToAccept), `median time to accept (${s.accepted} accepted)`)}
${item('sla-breaches', s.recordedBreaches, String(s.recordedBreaches), `${s.recordedBreaches === 1 ? 'breach' : 'breaches'} flagged by the runs`)}
</ul>`;
}

export function recycleTable(report: LoopReport): string {
  const rows = report.recycleReasons
    .map(
      (r) =>
        `<tr data-reason="${escapeHtml(r.reason)}"><th scope="row">${escapeHtml(r.reason)}</th><td class="num">${r.count}</td></tr>`,
    )
    .join('\n');
  const empty =
    report.recycleReasons.length === 0
      ? '<tr><td colspan="2">Nobody was passed back to marketing in this period.</td></tr>'
      : '';
  return `<table id="recycle-reasons">
<caption>Why people were passed back to marketing</caption>
<thead><tr><th scope="col">Reason</th><th scope="col" class="num">Times</th></tr></thead>
<tbody>${rows}${empty}</tbody>
</table>`;
}
