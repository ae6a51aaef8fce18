/**
 * `leadloop status`: last runs, people waiting to be processed, write failures with their reasons, and the
 * duplicate groups (one person, several Salesforce records) to merge in the CRM.
 */
import type { Command } from 'commander';
import { failureSubject } from '../health/failure-groups.ts';
import { formatBehaviourWarning, warningsOfLastPull } from '../health/behaviour-warnings.ts';
import { formatOrgRewrite, orgRewritesOfRecentRuns } from '../health/org-rewrites.ts';
import { readDailyLimitAlerts } from '../health/daily-limit.ts';
import { hiddenFieldJson, hiddenFieldLine, hiddenFieldsOfLastRun } from '../health/hidden-fields.ts';
import { collectDuplicateGroups, formatDuplicateGroups } from '../report/duplicate-groups.ts';
import { loadEngagementRuleSets } from '../models/engagement-rule-sets.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Show recent runs, pending work and write failures (from the state store; no CRM calls)')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print one JSON object')
    .option('--limit <n>', 'how many runs and failures to list', '10')
    .action(async (options: { config?: string; json?: boolean; limit: string }) => {
      await withRuntime(
        options.config,
        async ({ store, config }) => {
          const limit = Math.max(1, Number(options.limit) || 10);
          const [runs, dirty, people, permanent, retrying, groups, ruleSets, alerts] = await Promise.all([
            store.listRuns(limit),
            store.countDirty(),
            store.countLinks(),
            store.listFailures({ limit, permanent: true }),
            store.listFailures({ limit, permanent: false }),
            collectDuplicateGroups(store, config.fieldMappings),
            loadEngagementRuleSets(store, config),
            readDailyLimitAlerts(store, new Date()),
          ]);
          const behaviour = warningsOfLastPull(runs, ruleSets);
          const rewritten = orgRewritesOfRecentRuns(runs);
          const hidden = hiddenFieldsOfLastRun(runs);
          if (options.json) {
            const duplicates = { count: groups.length, groups };
            const warnings = behaviour.map((w) => ({ ...w, message: formatBehaviourWarning(w) }));
            const rewrittenByOrg = rewritten.map((r) => ({ ...r, message: formatOrgRewrite(r) }));
            const failures = { permanent, retrying };
            const hiddenFields = hidden.map(hiddenFieldJson);
            const report = {
              people,
              dirty,
              runs,
              failures,
              duplicates,
              warnings,
              rewrittenByOrg,
              hiddenFields,
              alerts,
            };
            writeOut(`${JSON.stringify(report)}\n`);
            return;
          }
          const lines = [
            ...alerts.map((a) => `alert: ${a.message}`),
            `people linked: ${people}; waiting to be processed: ${dirty}`,
            ...hidden.map(hiddenFieldLine),
            ...behaviour.map((w) => `warning: ${formatBehaviourWarning(w)}`),
            ...rewritten.map((r) => `note: ${formatOrgRewrite(r)}`),
            'recent runs:',
          ];
          for (const r of runs) {
            const calls = `HubSpot ${String(r.stats['apiCalls.hubspot'] ?? '-')}, Salesforce ${String(r.stats['apiCalls.salesforce'] ?? '-')}`;
            lines.push(
              `  ${r.startedAt} ${r.kind.padEnd(11)} ${r.status.padEnd(9)} ${r.runId} (API calls: ${calls})${r.error ? ` error: ${r.error}` : ''}`,
            );
          }
          if (runs.length === 0) lines.push('  none yet: run `leadloop sync --once`');
          lines.push(`permanent write failures (not retried): ${permanent.length}`);
          for (const f of permanent)
            lines.push(
              `  ${f.crm}/${f.object} ${failureSubject(f)} ${f.code}: ${f.message}${f.fields.length ? ` [${f.fields.join(', ')}]` : ''}`,
            );
          lines.push(`retryable write failures (retried next run): ${retrying.length}`);
          for (const f of retrying)
            lines.push(`  ${f.crm}/${f.object} ${failureSubject(f)} ${f.code}: ${f.message}`);
          lines.push(...formatDuplicateGroups(groups, limit));
          writeOut(`${lines.join('\n')}\n`);
        },
        { quiet: true },
      );
    });
}
