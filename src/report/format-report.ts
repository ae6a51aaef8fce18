/** Text rendering of the closed-loop report: the A1-D4 matrix, stage counts, cells and sources → pipeline. */
import type { LoopReport, LoopRow } from './closed-loop.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

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

export function formatLoopReport(report: LoopReport): string {
  const stageOrder = ['MIL', 'MQL', 'SAL', 'SQL', 'WON', 'RECYCLED', 'DISQUALIFIED', 'unscored'];
  const stages = stageOrder
    .filter((s) => report.stages[s])
    .map((s) => `${s} ${report.stages[s]}`)
    .join(', ');
  return [
    `people: ${report.people}; stages: ${stages}; SLA breaches: ${report.slaBreaches}`,
    'matrix (profile grade A-D × engagement level 1-4):',
    formatMatrix(report.matrix),
    ...formatRows('by matrix cell:', report.byCell),
    ...formatRows('by lead source:', report.bySource),
    '',
  ].join('\n');
}
