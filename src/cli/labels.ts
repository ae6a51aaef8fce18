/**
 * `leadloop labels plan|apply [--config FILE] [--json]`: the glossary against both CRMs' labels. `plan`
 * prints the diff and changes nothing; `apply` creates missing leadloop fields and renames labels, with a
 * result per item (exit 1 when any failed). Re-running `apply` applies nothing.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { createLogger } from '../lib/logger.ts';
import { openRuntime, type Runtime } from '../main/runtime.ts';
import { createMemoryStore } from '../state/memory/memory-store.ts';
import { openStateStore } from '../state/open-store.ts';
import { applyLabelPlan, failedResults } from '../terminology/apply-labels.ts';
import { currentLabelPlan } from '../terminology/drift.ts';
import { formatApplyResults, formatPlan } from '../terminology/format-plan.ts';
import { configPath } from './config-path.ts';
import { writeOut } from './output.ts';

interface LabelsOptions {
  config?: string;
  json?: boolean;
}

async function withRuntime<T>(options: LabelsOptions, use: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = await loadConfig(configPath(options.config));
  // Labels need the connectors only: an in-memory store keeps `labels plan` free of side effects. An OAuth
  // refresh is the exception: the CRM may retire the token it replaced, so that one goes to the real state.
  const oauth =
    config.connections.hubspot.oauth !== undefined ||
    config.connections.salesforce.auth.type === 'refresh-token';
  const tokenStore = oauth ? await openStateStore(config.state) : undefined;
  try {
    const runtime = await openRuntime(config, {
      logger: createLogger({ level: config.log.level === 'info' ? 'warn' : config.log.level, pretty: false }),
      store: createMemoryStore(),
      ...(tokenStore ? { tokenStore } : {}),
    });
    try {
      return await use(runtime);
    } finally {
      await runtime.close();
    }
  } finally {
    await tokenStore?.close();
  }
}

export function registerLabelsCommand(program: Command): void {
  const labels = program
    .command('labels')
    .description('Align field and picklist labels in both CRMs with the glossary');

  labels
    .command('plan')
    .description('Show every label that differs from the glossary, per CRM (changes nothing)')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the plan as JSON')
    .action(async (options: LabelsOptions) => {
      const plan = await withRuntime(options, (runtime) => currentLabelPlan(runtime));
      writeOut(options.json ? `${JSON.stringify(plan)}\n` : formatPlan(plan));
    });

  labels
    .command('apply')
    .description('Create missing leadloop fields and rename labels to the glossary (API values never change)')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the per-item results as JSON')
    .action(async (options: LabelsOptions) => {
      const results = await withRuntime(options, async (runtime) =>
        applyLabelPlan(runtime.connectors, await currentLabelPlan(runtime)),
      );
      writeOut(options.json ? `${JSON.stringify(results)}\n` : formatApplyResults(results));
      if (failedResults(results).length > 0) process.exitCode = 1;
    });
}
