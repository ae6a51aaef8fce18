/** Loads the config and opens the runtime for one command, closing it however the command ends. */
import { loadConfig } from '../config/load.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import { createLogger } from '../lib/logger.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../main/runtime.ts';
import { configPath } from './config-path.ts';

export async function withRuntime<T>(
  configOption: string | undefined,
  use: (runtime: Runtime, config: LeadloopConfig) => Promise<T>,
  options: RuntimeOptions & { quiet?: boolean } = {},
): Promise<T> {
  const config = await loadConfig(configPath(configOption));
  const logger = options.logger ?? createLogger({ level: options.quiet ? 'warn' : config.log.level });
  const runtime = await openRuntime(config, { ...options, logger });
  try {
    return await use(runtime, config);
  } finally {
    await runtime.close();
  }
}
