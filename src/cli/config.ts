/** `leadloop config validate FILE` and `leadloop config schema`. */
import type { Command } from 'commander';
import { configJsonSchemaText } from '../config/json-schema.ts';
import { loadConfig } from '../config/load.ts';
import { createLogger } from '../lib/logger.ts';
import { writeOut } from './output.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Check and describe the configuration file');

  config
    .command('validate')
    .description('Validate a config file: exit 0 when valid, 2 with one line per problem otherwise')
    .argument('<file>', 'the YAML config file')
    .option(
      '--online',
      'also check it against the live CRMs: auth, and which behaviour streams the accounts serve (warnings name the engagement rules that can never match)',
    )
    .action(async (file: string, options: { online?: boolean }) => {
      const loaded = await loadConfig(file);
      writeOut(
        `${file}: valid (model ${loaded.scoring.modelVersion}, ${loaded.scoring.profile.rules.length} profile rules, ` +
          `${loaded.scoring.engagement.rules.length} engagement rules, ${loaded.fieldMappings.length} field mappings)\n`,
      );
      if (options.online) {
        // Loaded on use: the offline check never opens a state store or a connector.
        const { validateOnline } = await import('./validate-online.ts');
        const lines = await validateOnline(loaded, createLogger({ level: 'warn' }));
        writeOut(`${lines.join('\n')}\n`);
      }
    });

  config
    .command('schema')
    .description('Print the JSON Schema of the config file (for editor autocompletion)')
    .action(() => writeOut(configJsonSchemaText()));
}
