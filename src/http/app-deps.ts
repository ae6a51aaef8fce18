/** What every route handler gets: wired once by `createApp`. */
import type { Logger } from '../lib/logger.ts';
import type { SyncContext } from '../sync/context.ts';
import type { RunOptions, RunReport } from '../sync/run-sync.ts';
import type { AdminAuth } from './admin-auth.ts';
import type { EventDedupe } from './event-dedupe.ts';
import type { RecordsRunner } from './records-runner.ts';
import type { SyncEnqueue, SyncTrigger } from './sync-trigger.ts';

export type RunSyncFn = (ctx: SyncContext, options: RunOptions) => Promise<RunReport>;

export interface AppDeps {
  readonly runtime: SyncContext;
  readonly configPath: string;
  readonly logger: Logger;
  readonly enqueue: SyncEnqueue | undefined;
  /** The public base URL HubSpot calls (behind a proxy); else the request's own protocol and host. */
  readonly publicUrl: string | undefined;
  readonly auth: AdminAuth;
  readonly dedupe: EventDedupe;
  readonly trigger: SyncTrigger;
  readonly runSync: RunSyncFn;
  /** Without a queue: targeted syncs for webhooks, run in this process. */
  readonly records: RecordsRunner | undefined;
}
