/** `leadloop config validate FILE` and `leadloop config schema`. */
import type { Command } from 'commander';
import { configJsonSchemaText } from '../config/json-schema.ts';
import { loadConfig } from '../config/load.ts';
import { writeOut } from './output.ts';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Check and describe the configuration file');

  config
    .command('validate')
    .description('Validate a config file: exit 0 when valid, 2 with one line per problem otherwise')
    .argument('<file>', 'the YAML config file')
    .action(async (file: string) => {
      const loaded = await loadConfig(file);
      writeOut(
        `${file}: valid (model ${loaded.scoring.modelVersion}, ${loaded.scoring.profile.rules.length} profile rules, ` +
          `${loaded.scoring.engagement.rules.length} engagement rules, ${loaded.fieldMappings.length} field mappings)\n`,
      );
    });

  config
    .command('schema')
    .description('Print the JSON Schema of the config file (for editor autocompletion)')
    .action(() => writeOut(configJsonSchemaText()));
}
