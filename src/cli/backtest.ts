/**
 * `leadloop backtest --model candidate.yaml`: the current and a candidate scoring model side by side on
 * known outcomes (per-cell conversion, MQL precision/recall, leads that would change stage). The same
 * `scorePerson` that scores in production does the scoring.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatIssues } from '../config/format-issues.ts';
import { ConfigError } from '../lib/errors.ts';
import { backtest } from '../scoring/backtest.ts';
import { formatBacktest } from '../scoring/format-backtest.ts';
import { ScoringConfig } from '../scoring/schema.ts';
import { backtestRecords } from '../sync/backtest-records.ts';
import { readYaml } from '../config/read-yaml.ts';
import { prepareRun } from '../sync/prepare.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

/** A candidate is a file with a `scoring:` section (a whole leadloop config works too). */
export async function loadCandidateModel(file: string): Promise<ScoringConfig> {
  const raw = readYaml(await readFile(file, 'utf8'), file).value as { scoring?: unknown } | null;
  const parsed = ScoringConfig.safeParse(raw?.scoring, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(formatIssues(parsed.error.issues).map((l) => `${file}: scoring.${l}`));
  return parsed.data;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Compare a candidate scoring model with the current one on known outcomes')
    .requiredOption('--model <file>', 'YAML file with the candidate `scoring:` section')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the report as JSON')
    .action(async (options: { model: string; config?: string; json?: boolean }) => {
      const candidate = await loadCandidateModel(options.model);
      await withRuntime(
        options.config,
        async (runtime, config) => {
          const prepared = await prepareRun(runtime, { dryRun: true });
          const records = [];
          for await (const r of backtestRecords(runtime, prepared.targets)) records.push(r);
          const report = backtest(records, config.scoring, candidate);
          writeOut(formatBacktest(report, options.json ? 'json' : 'text'));
        },
        { quiet: true },
      );
    });
}
