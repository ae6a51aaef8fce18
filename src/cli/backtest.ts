/**
 * `leadloop backtest --model candidate.yaml`: the current and a candidate scoring model side by side on
 * known outcomes (per-cell conversion, MQL precision/recall, leads that would change stage). The same
 * `scorePerson` that scores in production does the scoring. `--decay-preview`: how everyone's engagement
 * level would drift over 30, 60 and 90 days without new behaviour.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatIssues } from '../config/format-issues.ts';
import { ConfigError } from '../lib/errors.ts';
import { backtest } from '../scoring/backtest.ts';
import { formatBacktest } from '../scoring/format-backtest.ts';
import { ScoringConfig } from '../scoring/schema.ts';
import { decayPreview } from '../scoring/decay-preview.ts';
import { formatDecayPreview } from '../scoring/format-decay-preview.ts';
import { backtestRecords, currentPeople } from '../sync/backtest-records.ts';
import { readYaml } from '../config/read-yaml.ts';
import { prepareRun } from '../sync/prepare.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

/** A whole config's further models (`scoring.models`) are not the candidate: its primary model is. */
function primaryModelOf(scoring: unknown): unknown {
  if (scoring === null || typeof scoring !== 'object' || !('models' in scoring)) return scoring;
  return Object.fromEntries(Object.entries(scoring).filter(([key]) => key !== 'models'));
}

/** A candidate is a file with a `scoring:` section (a whole leadloop config works too). */
export async function loadCandidateModel(file: string): Promise<ScoringConfig> {
  const raw = readYaml(await readFile(file, 'utf8'), file).value as { scoring?: unknown } | null;
  const parsed = ScoringConfig.safeParse(primaryModelOf(raw?.scoring), { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(formatIssues(parsed.error.issues).map((l) => `${file}: scoring.${l}`));
  return parsed.data;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Compare a candidate scoring model with the current one on known outcomes, or preview decay')
    .option('--model <file>', 'YAML file with the candidate `scoring:` section')
    .option('--decay-preview', 'engagement levels after 30, 60 and 90 days without new behaviour')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the report as JSON')
    .action(async (options: { model?: string; decayPreview?: boolean; config?: string; json?: boolean }) => {
      const format = options.json ? 'json' : 'text';
      if (options.decayPreview) {
        await withRuntime(
          options.config,
          async (runtime, config) => {
            const prepared = await prepareRun(runtime, { dryRun: true });
            const people = [];
            for await (const p of currentPeople(runtime, prepared.targets)) people.push(p);
            writeOut(formatDecayPreview(decayPreview(people, config.scoring, runtime.clock()), format));
          },
          { quiet: true },
        );
        return;
      }
      if (options.model === undefined)
        throw new ConfigError(['backtest: give --model FILE (a candidate model) or --decay-preview']);
      const candidate = await loadCandidateModel(options.model);
      await withRuntime(
        options.config,
        async (runtime, config) => {
          const prepared = await prepareRun(runtime, { dryRun: true });
          const records = [];
          for await (const r of backtestRecords(runtime, prepared.targets)) records.push(r);
          const report = backtest(records, config.scoring, candidate);
          writeOut(formatBacktest(report, format));
        },
        { quiet: true },
      );
    });
}
