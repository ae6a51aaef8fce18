/**
 * The `leadloop` command line. Each command lives in `src/cli/<command>.ts` and registers itself here;
 * `main` returns the exit code: 0 done, 1 failed, 2 bad configuration or usage.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, LeadloopError } from './lib/errors.ts';
import { LEADLOOP_VERSION } from './lib/version.ts';
import { registerConfigCommands } from './cli/config.ts';
import { registerLabelsCommand } from './cli/labels.ts';
import { registerSyncCommand } from './cli/sync.ts';
import { registerDemoCommand } from './cli/demo.ts';
import { registerStatusCommand } from './cli/status.ts';
import { registerExplainCommand } from './cli/explain.ts';
import { registerReportCommand } from './cli/report.ts';
import { registerBacktestCommand } from './cli/backtest.ts';
import { registerModelCommand } from './cli/model.ts';
import { registerModelSuggestCommand } from './cli/model-suggest.ts';
import { registerWorkerCommand } from './cli/worker.ts';
import { registerSandboxCommand } from './cli/sandbox.ts';
import { registerServeCommand } from './cli/serve.ts';
import { registerStateCommand } from './cli/state.ts';
import { writeErr } from './cli/output.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('leadloop')
    .description('Closed-loop lead scoring across HubSpot and Salesforce')
    .version(LEADLOOP_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerConfigCommands(program);
  registerSandboxCommand(program);
  registerLabelsCommand(program);
  registerServeCommand(program);
  registerSyncCommand(program);
  registerDemoCommand(program);
  registerStatusCommand(program);
  registerExplainCommand(program);
  registerReportCommand(program);
  registerStateCommand(program);
  registerBacktestCommand(program);
  registerModelCommand(program);
  registerModelSuggestCommand(program);
  registerWorkerCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      writeErr(`${err.problems.join('\n')}\n`);
      return EXIT.usage;
    }
    if (err instanceof LeadloopError) {
      writeErr(`leadloop: ${err.code}: ${err.message}\n`);
      return EXIT.failed;
    }
    writeErr(`leadloop: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.failed;
  }
}
