/**
 * Text rendering of the closed-loop report: the A1-D4 matrix, stage counts, the funnel with conversion and
 * median time in stage, cells, sources and campaigns → pipeline, SLA compliance, recycle reasons.
 */
import type { LoopReport, LoopRow } from './closed-loop.ts';
import { formatOwnerSla } from './owner-sla.ts';
import type { SlaCompliance } from './sla-compliance.ts';
import { TIMED_STAGES } from './stage-times.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const rate = (x: number | null): string => (x === null ? '-' : pct(x));
/** Hours up to two days, days beyond (as on the console page). */
const hours = (h: number | null): string =>
  h === null ? '-' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;

export function formatMatrix(matrix: Record<string, number>): string {
  const lines = ['        1       2       3       4'];
  for (const g of ['A', 'B', 'C', 'D']) {
    lines.push(
      `  ${g} ${['1', '2', '3', '4'].map((l) => String(matrix[`${g}${l}`] ?? 0).padStart(7)).join(' ')}`,
    );
  }
  return lines.join('\n');
}

function formatRows(title: string, rows: readonly LoopRow[]): string[] {
  const lines = [
    title,
    '  key                    people    MQL    SAL    SQL    WON  SQL rate   open pipeline   won amount',
  ];
  for (const r of rows.filter((x) => x.people > 0)) {
    lines.push(
      `  ${r.key.slice(0, 20).padEnd(20)} ${String(r.people).padStart(8)} ${String(r.mql).padStart(6)} ${String(r.sal).padStart(6)} ${String(r.sql).padStart(6)} ${String(r.won).padStart(6)} ${pct(r.sqlRate).padStart(9)} ${r.openPipeline.toFixed(0).padStart(15)} ${r.wonAmount.toFixed(0).padStart(12)}`,
    );
  }
  return lines;
}

function formatFunnel(f: LoopRow): string[] {
  const c = f.conversion;
  const t = f.timeInStage;
  return [
    'funnel (people who entered each stage; share of the stage before; median time in stage, finished stays):',
    `  MIL ${f.people} (${hours(t.MIL.medianHours)}) -> MQL ${f.mql} ${rate(c.MQL)} (${hours(t.MQL.medianHours)}) -> SAL ${f.sal} ${rate(c.SAL)} (${hours(t.SAL.medianHours)}) -> SQL ${f.sql} ${rate(c.SQL)} (${hours(t.SQL.medianHours)}) -> WON ${f.won} ${rate(c.WON)}`,
    `  median time in stage: ${TIMED_STAGES.map((s) => `${s} ${hours(t[s].medianHours)} (${t[s].completed} ${t[s].completed === 1 ? 'stay' : 'stays'})`).join(', ')}`,
  ];
}

function formatSla(sla: SlaCompliance): string {
  const median = `median time to accept ${hours(sla.medianHoursToAccept)} over ${sla.accepted} accepted`;
  if (sla.acceptWithinHours === null) return `SLA: none configured; ${sla.mqls} MQLs, ${median}`;
  return `SLA ${sla.acceptWithinHours} ${sla.businessHours ? 'business ' : ''}hours: ${rate(sla.compliance)} on time (${sla.onTime} on time, ${sla.breached} breached, ${sla.pending} pending of ${sla.mqls} MQLs), ${median}`;
}

export function formatLoopReport(report: LoopReport): string {
  const stageOrder = ['MIL', 'MQL', 'SAL', 'SQL', 'WON', 'RECYCLED', 'DISQUALIFIED', 'unscored'];
  const stages = stageOrder
    .filter((s) => report.stages[s])
    .map((s) => `${s} ${report.stages[s]}`)
    .join(', ');
  const { period } = report;
  const reasons = report.recycleReasons.map((r) => `${r.reason} ${r.count}`).join(', ') || 'none';
  return [
    `period: ${period.period}${period.from ? ` (stage entries from ${period.from.slice(0, 10)} to ${period.to.slice(0, 10)})` : ''}`,
    `people: ${report.people}; stages: ${stages}; SLA breaches: ${report.slaBreaches}`,
    'matrix (profile grade A-D × engagement level 1-4):',
    formatMatrix(report.matrix),
    ...formatFunnel(report.funnel),
    formatSla(report.sla),
    `recycle reasons: ${reasons}`,
    ...formatOwnerSla(report.owners),
    ...formatRows('by matrix cell:', report.byCell),
    ...formatRows('by lead source:', report.bySource),
    ...formatRows('by first campaign:', report.byCampaign),
    '',
  ].join('\n');
}
