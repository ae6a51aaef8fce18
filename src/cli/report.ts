/** `leadloop report`: the closed loop — which matrix cells, lead sources and campaigns turn into pipeline. */
import type { Command } from 'commander';
import { loadLoopReport } from '../report/load-report.ts';
import { parseReportPeriod } from '../report/report-period.ts';
import { collectDuplicateGroups, formatDuplicateGroups } from '../report/duplicate-groups.ts';
import { formatLoopReport } from '../report/format-report.ts';
import { formatAccountView, loadAccountView } from '../report/account-view.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Which matrix cells, lead sources and campaigns turn into pipeline, time in stage, SLA compliance, recycle reasons, account cells → pipeline (from the state store; no CRM calls)',
    )
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print one JSON object')
    .option('--period <period>', 'by stage-entry date: 30d, 90d, 365d or all', 'all')
    .action(async (options: { config?: string; json?: boolean; period: string }) => {
      const period = parseReportPeriod(options.period, '--period');
      await withRuntime(
        options.config,
        async ({ store, config, clock }) => {
          const report = await loadLoopReport(store, { now: clock(), period, stages: config.stages });
          const groups = await collectDuplicateGroups(store, config.fieldMappings);
          const accounts = await loadAccountView(store);
          writeOut(
            options.json
              ? `${JSON.stringify({ ...report, accounts, duplicates: { count: groups.length, groups } })}\n`
              : `${formatLoopReport(report)}${formatAccountView(accounts)}${formatDuplicateGroups(groups).join('\n')}\n`,
          );
        },
        { quiet: true },
      );
    });
}
