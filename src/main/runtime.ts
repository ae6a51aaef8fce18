/**
 * The composition root: the one place that wires concrete connectors and stores into the engine.
 * Everything else depends on interfaces (connectors/types.ts, src/state/types.ts).
 */
import { createHubSpotConnector } from '../../connectors/hubspot/index.ts';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import { createLogger, registerSecrets, type Logger } from '../lib/logger.ts';
import { openStateStore } from '../state/open-store.ts';
import type { StateStore } from '../state/types.ts';
import type { SyncContext } from '../sync/context.ts';
import { configSecrets } from './config-secrets.ts';

export interface Runtime extends SyncContext {
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** Use this store instead of opening the configured one (tests, dry runs). */
  readonly store?: StateStore;
}

export async function openRuntime(config: LeadloopConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  // Before anything can log or fail: from here on no log line or scrubbed error shows a configured secret.
  registerSecrets(configSecrets(config));
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const clock = options.clock ?? (() => new Date());
  const store = options.store ?? (await openStateStore(config.state));
  const hubspot = createHubSpotConnector(config.connections.hubspot, {
    logger: logger.child({ crm: 'hubspot' }),
    clock,
  });
  const salesforce = createSalesforceConnector(config.connections.salesforce, {
    logger: logger.child({ crm: 'salesforce' }),
    clock,
  });
  return {
    config,
    connectors: { hubspot, salesforce },
    store,
    logger,
    clock,
    close: async () => {
      if (!options.store) await store.close();
    },
  };
}
