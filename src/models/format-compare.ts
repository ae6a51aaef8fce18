/** Renders a model comparison as JSON, or as text for the terminal. */
import type { CompareReport, MqlExample } from './compare.ts';
import { movements } from './movement.ts';
import type { PredictionStats } from './prediction.ts';

const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);

const exampleLine = (e: MqlExample): string =>
  `    ${e.email ?? e.personId}: live ${e.live.cell} ${e.live.total} → candidate ${e.candidate.cell} ${e.candidate.total}`;

function predictionLines(label: string, s: PredictionStats): string[] {
  const cells = s.cells
    .filter((c) => c.count > 0)
    .map((c) => `${c.cell} ${c.good}/${c.count}`)
    .join('  ');
  const lift = s.lift.map((d) => (d.lift === null ? '-' : d.lift.toFixed(2))).join(' ');
  return [
    `  ${label.padEnd(10)} MQL ${s.mql.count} (${s.mql.good} good)  precision ${percent(s.precision)}  recall ${percent(s.recall)}`,
    `  ${''.padEnd(10)} per start cell (good/judged): ${cells || '-'}`,
    `  ${''.padEnd(10)} lift by decile of the start total: ${lift || '-'}`,
  ];
}

function text(report: CompareReport, maxMovements: number): string {
  const m = report.movement;
  const lines = [
    `Candidate ${report.candidateVersion} shadowed since ${report.since} beside live ${report.liveVersion}: ${report.people} people scored`,
    '',
    `Movement (live cell → candidate cell): ${m.moved} of ${m.total} move`,
  ];
  const moves = movements(m).filter((x) => x.live !== x.candidate);
  for (const x of moves.slice(0, maxMovements)) lines.push(`  ${x.live} → ${x.candidate}  ${x.count}`);
  if (moves.length > maxMovements) lines.push(`  ... ${moves.length - maxMovements} more movements`);
  lines.push(
    '',
    `MQLs: live ${report.mql.live}, candidate ${report.mql.candidate} (gained ${report.mql.gained}, lost ${report.mql.lost})`,
  );
  if (report.mql.gainedExamples.length > 0) lines.push('  gained, e.g.:');
  lines.push(...report.mql.gainedExamples.map(exampleLine));
  if (report.mql.lostExamples.length > 0) lines.push('  lost, e.g.:');
  lines.push(...report.mql.lostExamples.map(exampleLine));
  lines.push(
    '',
    `Stage moved since the shadow began: ${report.stageMoved}; reached an outcome: ${report.live.judged} ` +
      `(${report.live.good} SQL/Won)`,
  );
  if (report.live.judged === 0) lines.push('  no outcomes yet: which model predicts better is not known');
  else lines.push(...predictionLines('live', report.live), ...predictionLines('candidate', report.candidate));
  return `${lines.join('\n')}\n`;
}

export function formatCompare(report: CompareReport, format: 'text' | 'json', maxMovements = 20): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text(report, maxMovements);
}
