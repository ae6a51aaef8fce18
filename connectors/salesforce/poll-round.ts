/**
 * `beginPoll`: the first page of every stream of a run (Lead, Contact, the activity objects, Opportunity
 * and its contact roles), fetched together in ⌈queries/5⌉ `/composite` calls instead of one call per
 * stream, and kept by exact SOQL. A stream's pull takes its kept page only when it would have sent that
 * very SOQL (same fields, same keyset start, same signpost), once; anything else queries as without it,
 * so the kept pages can save calls but never change what a pull reads.
 *
 * Continuation pages (`nextRecordsUrl`) share calls the same way. The engine reads one stream at a time,
 * so while Contact pages on, Lead's next page and the activity streams' wait idle: each continuation read
 * takes along, in the free query slots of its `/composite` call (5 a call, queryMore included), the next
 * pages of other streams, longest remaining first, and keeps them by URL until their stream asks. A
 * cursor's pages are fixed once its query ran and live 2 days (sandbox README), so reading one earlier
 * returns the same rows. Pages read ahead are capped at `AHEAD_ROWS` rows, the memory they may hold.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SalesforceClient } from './connection.ts';
import { compositeQueriesSettled, MAX_COMPOSITE_QUERIES, type QueryRead } from './composite-query.ts';
import { instancePath } from './instance-path.ts';
import { queryMore } from './query-pages.ts';
import type { SfQueryResult } from './schemas.ts';

/** Rows of continuation pages read ahead and not yet taken: ten pages of 2,000. */
export const AHEAD_ROWS = 20_000;
/** The most rows one page holds (`batchSize=2000`), what a read ahead is budgeted at before it answers. */
const PAGE_ROWS = 2_000;

/** A stream's next page nobody has asked for yet, and how many of its rows are still to read. */
interface Pending {
  readonly remaining: number;
}

/** A read its stream asked for, with what its chain had left to read when known. */
interface Ask {
  readonly read: QueryRead;
  readonly remaining: number | undefined;
}

export class KeptPages {
  private pages = new Map<string, SfQueryResult>();
  /** Continuation pages held, by instance path, and their rows (what `AHEAD_ROWS` caps). */
  private ahead = new Map<string, SfQueryResult>();
  private aheadRows = 0;
  private pending = new Map<string, Pending>();

  /**
   * Replaces what was kept with the first pages of `soqls`; a subrequest Salesforce refused keeps nothing.
   * `follows(soql, page)` false: that stream reads on by other means (Bulk), so its next page is not read ahead.
   */
  async fetch(
    client: SalesforceClient,
    logger: Logger,
    soqls: readonly string[],
    follows: (soql: string, page: SfQueryResult) => boolean = () => true,
  ): Promise<void> {
    this.pages.clear();
    this.ahead.clear();
    this.aheadRows = 0;
    this.pending.clear();
    const distinct = [...new Set(soqls)];
    if (distinct.length === 0) return;
    try {
      for (let i = 0; i < distinct.length; i += MAX_COMPOSITE_QUERIES) {
        // A later call's free slots carry the next pages of streams whose first page came in an earlier one.
        const batch = distinct.slice(i, i + MAX_COMPOSITE_QUERIES);
        const riders = this.riders(MAX_COMPOSITE_QUERIES - batch.length);
        const results = await compositeQueriesSettled(client, [
          ...batch.map((soql) => ({ key: soql, soql })),
          ...riders.map((r) => ({ key: `ahead:${r.path}`, next: r.path })),
        ]);
        for (const soql of batch) {
          const result = results.get(soql);
          // The stream's own query meets the same refusal and handles it by its own policy.
          if (!result || result instanceof SyncError) continue;
          this.pages.set(soql, result);
          if (follows(soql, result)) this.expect(client, result, result.totalSize - result.records.length);
        }
        this.keepAhead(client, riders, results);
      }
    } catch (err) {
      // Quota and credentials fail every stream alike: say so now rather than once per stream.
      if (err instanceof SyncError && (err.kind === 'rate_limited' || err.kind === 'auth')) throw err;
      logger.warn({ err }, 'Salesforce poll prefetch failed: each stream queries on its own');
    }
  }

  /** The kept first page of exactly this SOQL, at most once. */
  take(soql: string): SfQueryResult | undefined {
    const page = this.pages.get(soql);
    this.pages.delete(soql);
    return page;
  }

  /**
   * The next pages of `reads` (instance paths of `nextRecordsUrl`s): those read ahead come from here, the
   * rest go out with other streams' next pages in the free slots. A refused read throws its `SyncError`;
   * a refused read ahead keeps nothing, so its stream meets the refusal itself. `alone`: how one read
   * with nothing to take along goes out (a single stream's queryMore stays the GET it always was).
   */
  async next(
    client: SalesforceClient,
    reads: readonly QueryRead[],
    alone: 'get' | 'composite' = 'composite',
  ): Promise<Map<string, SfQueryResult>> {
    const out = new Map<string, SfQueryResult>();
    for (const [key, result] of await this.nextSettled(client, reads, alone)) {
      if (result instanceof SyncError) throw result;
      out.set(key, result);
    }
    return out;
  }

  /** `next`, with each read answered on its own: a refused read is its `SyncError`, the others' pages stand. */
  async nextSettled(
    client: SalesforceClient,
    reads: readonly QueryRead[],
    alone: 'get' | 'composite' = 'composite',
  ): Promise<Map<string, SfQueryResult | SyncError>> {
    const out = new Map<string, SfQueryResult | SyncError>();
    const ask: Ask[] = [];
    for (const read of reads) {
      const path = 'next' in read ? read.next : undefined;
      const held = path === undefined ? undefined : this.ahead.get(path);
      const remaining = path === undefined ? undefined : this.pending.get(path)?.remaining;
      if (path !== undefined) this.pending.delete(path);
      if (path !== undefined && held) {
        this.ahead.delete(path);
        this.aheadRows -= held.records.length;
        out.set(read.key, held);
      } else ask.push({ read, remaining });
    }
    for (let i = 0; i < ask.length; i += MAX_COMPOSITE_QUERIES) {
      for (const [key, page] of await this.call(client, ask.slice(i, i + MAX_COMPOSITE_QUERIES), alone))
        out.set(key, page);
    }
    return out;
  }

  /** One call: `own` plus read-aheads in the free query slots. */
  private async call(
    client: SalesforceClient,
    own: readonly Ask[],
    alone: 'get' | 'composite',
  ): Promise<Map<string, SfQueryResult | SyncError>> {
    const riders = this.riders(MAX_COMPOSITE_QUERIES - own.length);
    const only = own[0];
    if (alone === 'get' && riders.length === 0 && own.length === 1 && only && 'next' in only.read) {
      const page = await queryMore(client, only.read.next, only.read.key);
      this.expect(client, page, (only.remaining ?? page.totalSize) - page.records.length);
      return new Map([[only.read.key, page]]);
    }
    const results = await compositeQueriesSettled(client, [
      ...own.map((a) => a.read),
      ...riders.map((r) => ({ key: `ahead:${r.path}`, next: r.path })),
    ]);
    const out = new Map<string, SfQueryResult | SyncError>();
    for (const { read, remaining } of own) {
      const result =
        results.get(read.key) ??
        new SyncError('transient', 'SF_COMPOSITE_MISSING', `no answer for ${read.key}`);
      out.set(read.key, result);
      if (result instanceof SyncError) continue;
      this.expect(client, result, (remaining ?? result.totalSize) - result.records.length);
    }
    this.keepAhead(client, riders, results);
    return out;
  }

  /** Keeps the pages read ahead; a refused one keeps nothing, so its stream meets the refusal itself. */
  private keepAhead(
    client: SalesforceClient,
    riders: readonly { path: string; remaining: number }[],
    results: ReadonlyMap<string, SfQueryResult | SyncError>,
  ): void {
    for (const { path, remaining } of riders) {
      const result = results.get(`ahead:${path}`);
      if (!result || result instanceof SyncError) continue;
      this.ahead.set(path, result);
      this.aheadRows += result.records.length;
      this.expect(client, result, remaining - result.records.length);
    }
  }

  /** Up to `slots` pending next pages, most rows remaining first, within the read-ahead budget; no longer pending. */
  private riders(slots: number): { path: string; remaining: number }[] {
    const picked: { path: string; remaining: number }[] = [];
    let rows = this.aheadRows;
    const byRemaining = [...this.pending].sort((a, b) => b[1].remaining - a[1].remaining);
    for (const [path, { remaining }] of byRemaining) {
      if (picked.length >= slots) break;
      const budget = remaining > 0 ? Math.min(PAGE_ROWS, remaining) : PAGE_ROWS;
      if (rows + budget > AHEAD_ROWS) continue;
      rows += budget;
      picked.push({ path, remaining });
      this.pending.delete(path);
    }
    return picked;
  }

  /** Notes `page`'s next page as one to read ahead; a link off the instance is left to its stream to refuse. */
  private expect(client: SalesforceClient, page: SfQueryResult, remaining: number): void {
    if (page.done || !page.nextRecordsUrl) return;
    let path: string;
    try {
      path = instancePath(page.nextRecordsUrl, client.conn.instanceUrl, 'nextRecordsUrl');
    } catch {
      return;
    }
    this.pending.set(path, { remaining });
  }
}
