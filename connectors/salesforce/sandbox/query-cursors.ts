/**
 * Server-side query cursors behind `nextRecordsUrl` (`/query/<queryId>-<offset>`). A cursor holds the
 * query's snapshot; it expires after 15 minutes idle and the oldest are dropped past a cap, after
 * which its locator answers INVALID_QUERY_LOCATOR, as in Salesforce.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall_more_results.htm
 */
import { KEY_PREFIX, makeId } from './ids.ts';
import type { QueryResultSet } from './soql/execute-query.ts';

const IDLE_MS = 15 * 60_000;
const MAX_CURSORS = 200;

export interface QueryCursor {
  id: string;
  result: QueryResultSet;
  batchSize: number;
  lastUsedMs: number;
}

export class QueryCursors {
  private readonly cursors = new Map<string, QueryCursor>();
  private seq = 0;
  private readonly clock: () => Date;

  constructor(clock: () => Date) {
    this.clock = clock;
  }

  open(result: QueryResultSet, batchSize: number): QueryCursor {
    const cursor: QueryCursor = {
      id: makeId(KEY_PREFIX.QueryLocator, ++this.seq),
      result,
      batchSize,
      lastUsedMs: this.clock().getTime(),
    };
    this.cursors.set(cursor.id, cursor);
    if (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return cursor;
  }

  get(id: string): QueryCursor | undefined {
    const cursor = this.cursors.get(id);
    if (!cursor) return undefined;
    const now = this.clock().getTime();
    if (now - cursor.lastUsedMs > IDLE_MS) {
      this.cursors.delete(id);
      return undefined;
    }
    cursor.lastUsedMs = now;
    // Re-insert so the Map's order stays least-recently-used first.
    this.cursors.delete(id);
    this.cursors.set(id, cursor);
    return cursor;
  }

  close(id: string): void {
    this.cursors.delete(id);
  }
}
