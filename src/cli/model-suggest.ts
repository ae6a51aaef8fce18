/**
 * `leadloop model suggest [--outcome SQL|WON] [--json] [--out FILE]`: fit the model's points on the people
 * with known outcomes and print a candidate model with the evidence. Reads the state only; never changes
 * the live model (the candidate goes to `backtest --model` and `model shadow`).
 */
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { candidateYaml, formatSuggest } from '../models/suggest/format-suggest.ts';
import { suggestModel } from '../models/suggest/suggest.ts';
import type { SuggestOutcome } from '../models/suggest/labels.ts';
import type { BacktestRecord } from '../scoring/backtest.ts';
import { backtestRecords } from '../sync/backtest-records.ts';
import { prepareRun } from '../sync/prepare.ts';
import { modelCommand } from './model.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

interface Options {
  outcome: SuggestOutcome;
  json?: boolean;
  out?: string;
  config?: string;
}

export function registerModelSuggestCommand(program: Command): void {
  modelCommand(program)
    .command('suggest')
    .description('fit rule points on known outcomes and print a candidate model with held-out evidence')
    .addOption(
      new Option('--outcome <stage>', 'the good outcome: SQL (SQL or Won) or WON (Won only)')
        .choices(['SQL', 'WON'])
        .default('SQL'),
    )
    .option('--out <file>', 'write the candidate `scoring:` YAML to this file instead of printing it')
    .option('--json', 'print the evidence and the candidate as JSON')
    .option('--config <file>', 'the YAML config file')
    .action(async (options: Options) => {
      await withRuntime(
        options.config,
        async (runtime, config) => {
          const prepared = await prepareRun(runtime, { dryRun: true });
          const records: BacktestRecord[] = [];
          for await (const r of backtestRecords(runtime, prepared.targets)) records.push(r);
          const report = suggestModel(records, config.scoring, {
            outcome: options.outcome,
            excludePrefixes: [`${config.fields.prefix}_`],
          });
          if (options.out !== undefined) await writeFile(options.out, candidateYaml(report), 'utf8');
          writeOut(formatSuggest(report, options.json ? 'json' : 'text', options.out));
        },
        { quiet: true },
      );
    });
}
