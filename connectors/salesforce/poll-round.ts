/**
 * `beginPoll`: the first page of every stream of a run (Lead, Contact, the activity objects, Opportunity
 * and its contact roles), fetched together in ⌈queries/5⌉ `/composite` calls instead of one call per
 * stream, and kept by exact SOQL. A stream's pull takes its kept page only when it would have sent that
 * very SOQL (same fields, same keyset start, same signpost), once; anything else queries as without it,
 * so the kept pages can save calls but never change what a pull reads.
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceClient } from './connection.ts';
import { compositeQueriesSettled } from './composite-query.ts';
import type { SfQueryResult } from './schemas.ts';

export class KeptPages {
  private pages = new Map<string, SfQueryResult>();

  /** Replaces what was kept with the first pages of `soqls`; a subrequest Salesforce refused keeps nothing. */
  async fetch(client: SalesforceClient, logger: Logger, soqls: readonly string[]): Promise<void> {
    this.pages.clear();
    const distinct = [...new Set(soqls)];
    if (distinct.length === 0) return;
    let results: Map<string, SfQueryResult | SyncError>;
    try {
      results = await compositeQueriesSettled(
        client,
        distinct.map((soql) => ({ key: soql, soql })),
      );
    } catch (err) {
      // Quota and credentials fail every stream alike: say so now rather than once per stream.
      if (err instanceof SyncError && (err.kind === 'rate_limited' || err.kind === 'auth')) throw err;
      logger.warn({ err }, 'Salesforce poll prefetch failed: each stream queries on its own');
      return;
    }
    for (const [soql, result] of results) {
      // The stream's own query meets the same refusal and handles it by its own policy.
      if (!(result instanceof SyncError)) this.pages.set(soql, result);
    }
  }

  /** The kept first page of exactly this SOQL, at most once. */
  take(soql: string): SfQueryResult | undefined {
    const page = this.pages.get(soql);
    this.pages.delete(soql);
    return page;
  }
}
