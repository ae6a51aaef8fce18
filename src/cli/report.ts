/** `leadloop report`: the closed loop — which matrix cells and lead sources turn into pipeline. */
import type { Command } from 'commander';
import { closedLoopReport } from '../report/closed-loop.ts';
import { collectLoopPeople } from '../report/collect.ts';
import { collectDuplicateGroups, formatDuplicateGroups } from '../report/duplicate-groups.ts';
import { formatLoopReport } from '../report/format-report.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Which matrix cells and lead sources turn into pipeline (from the state store; no CRM calls)',
    )
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print one JSON object')
    .action(async (options: { config?: string; json?: boolean }) => {
      await withRuntime(
        options.config,
        async ({ store, config }) => {
          const report = closedLoopReport(await collectLoopPeople(store));
          const groups = await collectDuplicateGroups(store, config.fieldMappings);
          writeOut(
            options.json
              ? `${JSON.stringify({ ...report, duplicates: { count: groups.length, groups } })}\n`
              : `${formatLoopReport(report)}${formatDuplicateGroups(groups).join('\n')}\n`,
          );
        },
        { quiet: true },
      );
    });
}
