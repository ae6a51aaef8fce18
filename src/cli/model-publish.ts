/**
 * `leadloop model publish [--yes]`: shows what making the shadowed candidate live will write (records and
 * calls per CRM, the days `scoring.rescoreBudget` spreads them over), asks, then writes the candidate's
 * `scoring` into the config file and records the version. `--yes` skips the question in scripts; without a
 * terminal to ask on, the command refuses rather than guess.
 */
import { userInfo, hostname } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ConfigError } from '../lib/errors.ts';
import { applyPublish, planPublish, type PublishPlan } from '../models/publish.ts';
import { formatForecast } from '../models/rescore-forecast.ts';
import { configPath } from './config-path.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

interface PublishOptions {
  config?: string;
  yes?: boolean;
  by?: string;
}

function describePlan(plan: PublishPlan): string {
  return [
    `Publishing candidate ${plan.candidate.modelVersion} (shadowed since ${plan.candidate.startedAt}) in place of live ${plan.liveVersion}`,
    `in ${plan.file}. The rescore writes leadloop's fields for ${plan.people.toLocaleString('en-US')} people, biggest score change first:`,
    ...formatForecast(plan.forecast, plan.budget),
    '',
  ].join('\n');
}

async function confirmed(): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new ConfigError(['model publish asks before it changes the live model: pass --yes in scripts']);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question('Publish? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

function publisher(given: string | undefined): string {
  if (given) return given;
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host still says where it came from.
  }
  return `${user}@${hostname()} (leadloop model publish)`;
}

export function registerModelPublish(model: Command): void {
  model
    .command('publish')
    .description('make the shadowed candidate the live model (written into the config file), then rescore')
    .option('--config <file>', 'the YAML config file')
    .option('--yes', 'do not ask for confirmation')
    .option('--by <name>', 'who publishes, for `model history` (default: user@host)')
    .action(async (options: PublishOptions) => {
      const file = configPath(options.config);
      await withRuntime(
        file,
        async (runtime) => {
          const plan = await planPublish(runtime, file);
          writeOut(describePlan(plan));
          if (!options.yes && !(await confirmed())) {
            writeOut('not published\n');
            return;
          }
          await applyPublish(runtime, plan, publisher(options.by));
          writeOut(
            `published ${plan.candidate.modelVersion}: ${file} holds it now; the next sync rescores ` +
              `(see \`leadloop model history\`)\n`,
          );
        },
        { quiet: true },
      );
    });
}
