/** Renders a backtest report as JSON, or as a side-by-side text table for the terminal. */
import type { BacktestReport, CellStats, ModelStats } from './backtest.ts';

export type BacktestFormat = 'text' | 'json';

const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);

function cellColumn(stats: CellStats | undefined): string {
  if (stats === undefined || stats.count === 0) return '-'.padStart(18);
  return `${String(stats.count).padStart(7)} ${percent(stats.conversionRate).padStart(10)}`;
}

function mqlLine(label: string, stats: ModelStats): string {
  return (
    `  ${label.padEnd(10)} ${String(stats.mql.count).padStart(7)} MQL  precision ${percent(stats.precision).padStart(6)}` +
    `  recall ${percent(stats.recall).padStart(6)}  disqualified ${stats.disqualified}`
  );
}

function text(report: BacktestReport, maxChangeLines: number): string {
  const { current, candidate } = report;
  const lines = [
    `Backtest of ${report.records} records: current model ${current.modelVersion} vs candidate ${candidate.modelVersion}`,
    '',
    `  cell  ${'current: count    conv'.padStart(22)}  ${'candidate: count    conv'.padStart(24)}`,
  ];
  current.cells.forEach((cell, i) => {
    if (cell.count === 0 && (candidate.cells[i]?.count ?? 0) === 0) return;
    lines.push(
      `  ${cell.cell.padEnd(4)}  ${cellColumn(cell).padStart(22)}  ${cellColumn(candidate.cells[i]).padStart(24)}`,
    );
  });
  lines.push(
    '',
    'MQL against good outcomes (SQL/Won):',
    mqlLine('current', current),
    mqlLine('candidate', candidate),
  );
  lines.push('', `Stage changes: ${report.changeCount}`);
  for (const change of report.changes.slice(0, maxChangeLines)) {
    lines.push(
      `  ${change.id}: ${change.current.stage} ${change.current.cell} ${change.current.total} → ` +
        `${change.candidate.stage} ${change.candidate.cell} ${change.candidate.total} (outcome ${change.outcome})`,
    );
  }
  if (report.changeCount > Math.min(maxChangeLines, report.changes.length)) {
    lines.push(`  ... ${report.changeCount - Math.min(maxChangeLines, report.changes.length)} more`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatBacktest(report: BacktestReport, format: BacktestFormat, maxChangeLines = 50): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text(report, maxChangeLines);
}
