/**
 * Server-side query cursors behind `nextRecordsUrl` (`/query/<queryId>-<offset>`). A cursor holds the
 * query's snapshot for 2 days after the query ran, however often it is read, with no cap on how many are
 * open (Salesforce since API v56); past that its locator answers INVALID_QUERY_LOCATOR. Time is the
 * sandbox clock, so a test can let a cursor expire between two pages.
 * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-apicursors.html
 */
import { KEY_PREFIX, makeId } from './ids.ts';
import type { QueryResultSet } from './soql/execute-query.ts';

export const CURSOR_LIFETIME_MS = 2 * 24 * 60 * 60_000;

export interface QueryCursor {
  id: string;
  result: QueryResultSet;
  batchSize: number;
  openedMs: number;
}

export class QueryCursors {
  private readonly cursors = new Map<string, QueryCursor>();
  private seq = 0;
  private readonly clock: () => Date;

  constructor(clock: () => Date) {
    this.clock = clock;
  }

  open(result: QueryResultSet, batchSize: number): QueryCursor {
    const now = this.clock().getTime();
    this.dropExpired(now);
    const cursor: QueryCursor = {
      id: makeId(KEY_PREFIX.QueryLocator, ++this.seq),
      result,
      batchSize,
      openedMs: now,
    };
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  get(id: string): QueryCursor | undefined {
    const cursor = this.cursors.get(id);
    if (!cursor) return undefined;
    if (this.clock().getTime() - cursor.openedMs > CURSOR_LIFETIME_MS) {
      this.cursors.delete(id);
      return undefined;
    }
    return cursor;
  }

  /** The Map keeps opening order, so expired cursors are a prefix: bounded memory without a count cap. */
  private dropExpired(now: number): void {
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.openedMs <= CURSOR_LIFETIME_MS) return;
      this.cursors.delete(id);
    }
  }

  close(id: string): void {
    this.cursors.delete(id);
  }
}
