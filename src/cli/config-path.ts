/** Where commands find the config file: `--config FILE`, else `$LEADLOOP_CONFIG`, else `./leadloop.yaml`. */
export const DEFAULT_CONFIG_PATH = 'leadloop.yaml';

export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env['LEADLOOP_CONFIG'] ?? DEFAULT_CONFIG_PATH;
}
