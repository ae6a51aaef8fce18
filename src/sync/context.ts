/** Everything one sync run needs, wired once by the composition root (`src/main/`). */
import type { CrmConnector } from '../../connectors/types.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import type { CrmName } from '../domain/crm.ts';
import type { Logger } from '../lib/logger.ts';
import type { StateStore } from '../state/types.ts';

export interface SyncContext {
  readonly config: LeadloopConfig;
  readonly connectors: Readonly<Record<CrmName, CrmConnector>>;
  readonly store: StateStore;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export const CRMS: readonly CrmName[] = ['hubspot', 'salesforce'];
