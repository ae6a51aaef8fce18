/**
 * `leadloop state reset`: forget everything the state holds (links, snapshots, ledger, cursors, runs, the
 * CRM accounts it was bound to). The CRMs stay the systems of record, so the next run rebuilds it all with a
 * full pull; that is also how a state is moved to other CRMs. Refused while a run holds the connection.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { ConfigError, LeadloopError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { redisEndpoint } from '../lib/redis-endpoint.ts';
import { acquireRunLease } from '../queue/run-lease.ts';
import { openStateStore } from '../state/open-store.ts';
import { configPath } from './config-path.ts';
import { writeOut } from './output.ts';

interface ResetOptions {
  config?: string;
  yes?: boolean;
}

export function registerStateCommand(program: Command): void {
  const state = program.command('state').description("leadloop's own state (links, cursors, runs)");
  state
    .command('reset')
    .description('forget the whole state; the next sync rebuilds it from the CRMs with a full pull')
    .option('--config <file>', 'the YAML config file')
    .option('--yes', 'really forget it')
    .action(async (options: ResetOptions) => {
      const config = await loadConfig(configPath(options.config));
      const where =
        config.state.type === 'sqlite'
          ? `sqlite ${config.state.path}`
          : `redis ${redisEndpoint(config.state.url)}`;
      if (!options.yes)
        throw new ConfigError([
          `leadloop state reset forgets every link, snapshot, cursor and run in ${where}; add --yes to do it`,
        ]);
      const logger = createLogger({ level: 'warn' });
      const store = await openStateStore(config.state, { logger });
      try {
        const held = await acquireRunLease(store, `state-reset-${Date.now()}`, logger);
        if (held === null)
          throw new LeadloopError('RUN_IN_PROGRESS', `a sync run holds ${where}; reset it when the run ends`);
        try {
          await store.clear();
        } finally {
          await held.release();
        }
      } finally {
        await store.close();
      }
      writeOut(`state reset: ${where} is empty; the next sync pulls everything again\n`);
    });
}
