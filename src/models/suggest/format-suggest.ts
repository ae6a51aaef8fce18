/**
 * A suggestion as the admin reads it: the evidence (held-out AUC and lift per decile of both models, the
 * rules whose points change most, the new fields that carry signal), then the candidate model as a
 * `scoring:` YAML file for `leadloop backtest --model` and `leadloop model shadow`. Or all of it as JSON.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { AucInterval } from './auc-interval.ts';
import type { ModelEvaluation } from './evaluate.ts';
import type { SuggestReport } from './suggest.ts';

export type SuggestFormat = 'text' | 'json';

const percent = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
const fixed = (v: number | null, digits = 3): string => (v === null ? '-' : v.toFixed(digits));
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** The candidate as a YAML file: rules one per line (as the example config writes them), evidence on top. */
export function candidateYaml(report: SuggestReport): string {
  const doc = new Document({ scoring: report.candidate });
  for (const path of [
    ['scoring', 'profile', 'rules'],
    ['scoring', 'engagement', 'rules'],
    ['scoring', 'disqualify'],
    ['scoring', 'gradeCaps'],
  ]) {
    const seq = doc.getIn(path, true);
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
  }
  for (const path of [
    ['scoring', 'profile', 'grades'],
    ['scoring', 'engagement', 'levels'],
    ['scoring', 'handoff', 'mqlCells'],
  ]) {
    const node = doc.getIn(path, true);
    if (isMap(node) || isSeq(node)) node.flow = true;
  }
  doc.commentBefore = [
    ` Suggested by \`leadloop model suggest --outcome ${report.outcome}\` from ${report.current.modelVersion}: a candidate,`,
    ` not the live model. Held-out AUC ${fixed(report.current.auc)} (current) -> ${fixed(report.suggested.auc)} (this).`,
    ' Next: `leadloop backtest --model FILE`, then `leadloop model shadow FILE`.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

function evaluationLine(label: string, e: ModelEvaluation): string {
  const lift = e.lift.map((d) => (d.lift === null ? '  - ' : d.lift.toFixed(2))).join(' ');
  return `  ${label.padEnd(10)} ${e.modelVersion.padEnd(24)} ${fixed(e.auc).padStart(5)}   ${lift}`;
}

const range = (r: readonly [number, number], sign = false): string =>
  r.map((v) => (sign && v > 0 ? `+${v.toFixed(3)}` : v.toFixed(3))).join(' to ');

function intervalLine(i: AucInterval | null): string {
  if (i === null) return '  AUC interval: the held-out people cannot tell (too few, or one outcome only)';
  return (
    `  95 % interval (paired bootstrap, ${i.resamples} resamples): current ${range(i.current)}, ` +
    `suggested ${range(i.suggested)}, gain ${range(i.gain, true)}; ` +
    `the suggestion ranked better in ${percent(i.suggestedBetter)} of them`
  );
}

function text(report: SuggestReport, yamlFile: string | undefined): string {
  const known = report.train.people + report.heldOut.people;
  const lines = [
    `Model suggestion for ${report.outcome} from ${report.records} people: ${known} with a known outcome ` +
      `(${report.unknown} not known yet, ${report.disqualified} disqualified by the model, both left out)`,
    `  trained on ${report.train.people} (${report.train.good} good), validated on ${report.heldOut.people} ` +
      `held-out people (${report.heldOut.good} good, ${percent(report.heldOut.baseRate)})`,
    `  logistic regression over ${report.fit.features} features, L2 ${report.fit.l2}, ` +
      `${report.fit.converged ? 'converged' : 'NOT converged'} in ${report.fit.iterations} steps; ` +
      `${report.fit.pointsPerLogOdd.toFixed(1)} points per unit of log-odds ` +
      (report.fit.scaleFrom === 'current model' ? "(the current model's)" : '(spread of the current totals)'),
    '',
    `Held-out people            model                      AUC   lift by decile (1 = top tenth)`,
    evaluationLine('current', report.current),
    evaluationLine('suggested', report.suggested),
    intervalLine(report.aucInterval),
    '',
    'Rules whose points change most:',
  ];
  const width = Math.max(0, ...report.changes.map((c) => c.rule.length));
  for (const c of report.changes.slice(0, 10)) {
    if (c.to === c.from) break;
    lines.push(
      `  ${c.kind.padEnd(10)} ${c.rule.padEnd(width)}  ${String(c.from).padStart(5)} -> ${String(c.to).padStart(5)}  (${signed(c.to - c.from)})`,
    );
  }
  lines.push('', 'New fields that carry signal:');
  if (report.newSignals.length === 0) lines.push('  none');
  for (const s of report.newSignals) {
    lines.push(
      `  ${s.rule}  ${signed(s.points)}  (held out: ${s.heldOut.people} people, ${percent(s.heldOut.rate)} good)`,
    );
  }
  lines.push('');
  if (yamlFile !== undefined) {
    lines.push(
      `Candidate model written to ${yamlFile}: \`leadloop backtest --model ${yamlFile}\`, then \`leadloop model shadow ${yamlFile}\``,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push('Candidate model (save it as a file to backtest and shadow):', '', candidateYaml(report));
  return `${lines.join('\n')}`;
}

/** `yamlFile`: where the candidate was written (text then names it rather than printing it). */
export function formatSuggest(report: SuggestReport, format: SuggestFormat, yamlFile?: string): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text(report, yamlFile);
}
