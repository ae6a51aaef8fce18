/**
 * Composition helper: the configured `StateStore`. The sqlite directory is created (0700) when missing so a
 * fresh checkout runs `leadloop sync` without setup; redis connects eagerly so a bad URL fails at boot, not
 * mid-run.
 */
import { dirname } from 'node:path';
import type { StateConfig } from '../config/schema.ts';
import { assertNever } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { mkdirPrivate } from './private-files.ts';
import { connectRedisStateStore } from './redis/redis-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { StateStore } from './types.ts';

export interface OpenStateStoreOptions {
  /** Connection name, part of the redis key prefix `leadloop:{<connection>}:` (default `default`). */
  connection?: string;
  /** Overrides the whole redis key prefix (tests use a unique one per store). */
  keyPrefix?: string;
  /** sqlite: how long a writer waits for another process's lock. */
  busyTimeoutMs?: number;
  /** Where redis connection errors after boot (and sqlite background checkpoint failures) are reported. */
  logger?: Logger;
}

export async function openStateStore(
  config: StateConfig,
  options: OpenStateStoreOptions = {},
): Promise<StateStore> {
  switch (config.type) {
    case 'sqlite': {
      // 0700: the state holds people's emails and CRM ids (private-files.ts).
      if (config.path !== ':memory:') await mkdirPrivate(dirname(config.path));
      return openSqliteStore(config.path, {
        ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
        ...(options.logger ? { logger: options.logger } : {}),
      });
    }
    case 'redis':
      return connectRedisStateStore(config.url, {
        keyPrefix: options.keyPrefix ?? `leadloop:{${options.connection ?? 'default'}}:`,
        ...(options.logger ? { logger: options.logger } : {}),
      });
    default:
      return assertNever(config, 'state store type');
  }
}
