/**
 * `pullChanges` for Lead and Contact: one keyset SOQL (`ORDER BY SystemModstamp, Id`, capped at the
 * signpost) through `queryAll`, so deletions arrive as `deleted: true`, paged with `queryMore`: N changed
 * records cost ⌈N/2000⌉ calls. A full pull whose first page reports more than `bulkThreshold` rows
 * (`totalSize`, so no extra COUNT() call) continues through Bulk API 2.0 after that page. A pull resumed
 * from a cursor re-reads `lookbackMs` behind it for late commits (lookback.ts), dropping what it had read.
 * A query that times out is narrowed into SystemModstamp windows (windowed-pages.ts).
 */
import type { Logger } from '../../src/lib/logger.ts';
import type { PersonObject } from '../../src/domain/crm.ts';
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { Page, PersonRecord } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import type { DescribeCache } from './describe.ts';
import { bulkQueryChunks } from './bulk-query.ts';
import { decodeSeen, encodeCursor, startPositions } from './cursor.ts';
import { rewind, seenMatcher, tailKeys, type ReadVersion } from './lookback.ts';
import { OBJECT_API_NAME, toPersonRecord } from './map.ts';
import type { KeptPages } from './poll-round.ts';
import { keysetQuery, keysetWhere, selectList, type KeysetPosition } from './soql.ts';
import type { SfQueryResult, SfRecord } from './schemas.ts';
import { windowedPages } from './windowed-pages.ts';
import { checkIncludeFilter } from './include-filter.ts';
import { queryPages } from './query-pages.ts';

const BULK_CHUNK = 2_000;

export interface PullRecordsContext {
  readonly client: SalesforceClient;
  readonly describe: DescribeCache;
  readonly logger: Logger;
  readonly bulkThreshold: number;
  /** How far behind the cursor an incremental pull starts again (lookback.ts). */
  readonly lookbackMs: number;
  /** First pages the run prefetched (`beginPoll`); used only for the exact SOQL this pull sends. */
  readonly kept?: KeptPages;
  /** Window size per object after a `QUERY_TIMEOUT`, for the rest of the run (windowed-pages.ts). */
  readonly windows: Map<string, number>;
  /** `sync.include` WHERE fragments per object: only records inside them are read (include-filter.ts). */
  readonly include?: Partial<Record<PersonObject, string>>;
}

/**
 * Fields every pull needs for cursors, deletions and links, whatever the caller asked for. `MasterRecordId`
 * names the survivor of a merge on the merged-away (deleted) record, which `queryAll` still returns
 * ("records that are soft deleted due to a merge or delete", resources_queryall).
 */
export function requiredFields(object: PersonObject): string[] {
  const base = ['Id', 'SystemModstamp', 'CreatedDate', 'IsDeleted', 'Email', 'MasterRecordId'];
  return object === 'lead' ? [...base, 'IsConverted', 'ConvertedContactId'] : base;
}

function positionOf(record: PersonRecord): KeysetPosition {
  return { ts: record.modifiedAt, id: record.id };
}

function later(a: KeysetPosition | null, b: KeysetPosition): KeysetPosition {
  if (!a) return b;
  return b.ts > a.ts || (b.ts === a.ts && b.id > a.id) ? b : a;
}

const versionOf = (r: PersonRecord): ReadVersion => ({
  id: r.id,
  modifiedAt: r.modifiedAt,
  content: r.fields,
});

/** Where a pull of `object` from `cursor` starts and the SOQL of its first page (`beginPoll` prefetches it). */
export async function firstQuery(
  ctx: Pick<PullRecordsContext, 'describe' | 'lookbackMs' | 'include'>,
  object: PersonObject,
  cursor: string | null,
  options: PullOptions,
) {
  const apiName = OBJECT_API_NAME[object];
  const positions = startPositions(cursor, options);
  let after = positions.at(apiName);
  const fullPull = after === null;
  // `--since` and full pulls name their start; only a cursor's position is rewound.
  const cursorAt = options.since ? null : after;
  const seen = cursorAt ? decodeSeen(cursor, apiName) : [];
  if (cursorAt) after = rewind(cursorAt, ctx.lookbackMs);
  let described: FieldDescriptor[] | undefined;
  const where = ctx.include?.[object];
  if (!options.fields || where !== undefined) described = await ctx.describe.fields(apiName);
  if (where !== undefined)
    checkIncludeFilter(`sync.include.salesforce.${object}`, apiName, where, described ?? []);
  const fields = [...requiredFields(object), ...(options.fields ?? (described ?? []).map((f) => f.name))];
  const soql = keysetQuery({
    object: apiName,
    fields,
    after,
    signpost: options.signpost,
    ...(where === undefined ? {} : { where }),
  });
  return { soql, fields, after, cursorAt, fullPull, seen, where, unreadable: positions.unreadable };
}

/** A full pull whose first page counts more rows than this reads the rest through Bulk 2.0, not queryMore. */
export function continuesByBulk(fullPull: boolean, first: SfQueryResult, bulkThreshold: number): boolean {
  return fullPull && !first.done && first.totalSize > bulkThreshold;
}

export async function* pullRecords(
  ctx: PullRecordsContext,
  object: PersonObject,
  cursor: string | null,
  options: PullOptions,
): AsyncGenerator<Page<PersonRecord>> {
  const apiName = OBJECT_API_NAME[object];
  const start = await firstQuery(ctx, object, cursor, options);
  if (start.unreadable) {
    ctx.logger.warn({ object: apiName }, 'unreadable Salesforce cursor: pulling everything again');
  }
  const { fields, cursorAt, fullPull, seen, where } = start;
  let after = start.after;
  // Records that left the filter (or were never in it) changed in the same range: each arrives as a
  // deletion, so its person is unlinked and the record never recreated. Their pages keep the cursor.
  if (where !== undefined) {
    const keep = cursor ?? encodeCursor({ [apiName]: cursorAt });
    for await (const items of outsideFilter(ctx, object, after, options.signpost, where))
      yield { items, cursor: keep };
  }

  let first = true;
  let tail: string[] = [...seen];
  const wasRead = seenMatcher(seen);
  const pages = windowedPages(ctx, {
    object: apiName,
    fields,
    after,
    signpost: options.signpost,
    ...(where === undefined ? {} : { where }),
  });
  for await (const { page, windowed } of pages) {
    const read = page.records.map((r) => toPersonRecord(object, r));
    const items = seen.length === 0 ? read : read.filter((r) => !wasRead(versionOf(r)));
    const last = read.at(-1);
    if (last) {
      // The overlap is behind the cursor: a page of it must not move the cursor back.
      after = later(cursorAt, positionOf(last));
      // A finished pull has read every row stamped up to the signpost that is visible; what turns visible
      // later is the lookback's job, and it is measured from the signpost: from the last row read, often
      // long before it, the next pull would re-read everything stamped in the lookback before that row.
      // (Any id will do at the signpost: every row stamped there was read.) A windowed page's `done`
      // ends its window only, so a split pull keeps its last row.
      if (page.done && !windowed && ctx.lookbackMs > 0)
        after = later(after, { ts: options.signpost.toISOString(), id: last.id });
      tail = tailKeys(tail, read.map(versionOf), after.ts, ctx.lookbackMs);
      if (items.length > 0) {
        yield { items, cursor: encodeCursor({ [apiName]: after }, { [apiName]: tail }) };
      }
    }
    // A stream split into windows stays on them: the Bulk job would scan the range that just timed out.
    if (first && !windowed && continuesByBulk(fullPull, page, ctx.bulkThreshold)) {
      ctx.logger.info(
        { object: apiName, totalSize: page.totalSize, bulkThreshold: ctx.bulkThreshold },
        'switching full pull to Bulk API 2.0',
      );
      yield* pullRemainderByBulk(ctx, object, fields, after, options.signpost, tail, where);
      return;
    }
    first = false;
  }
}

/**
 * The rest of a full pull through Bulk 2.0. Bulk rows come unordered, so every page but the last carries
 * the keyset reached before the job (safe: resuming re-reads, never skips); the last carries the highest
 * (SystemModstamp, Id) read, which covers every row at or below the signpost.
 */
async function* pullRemainderByBulk(
  ctx: PullRecordsContext,
  object: PersonObject,
  fields: readonly string[],
  after: KeysetPosition | null,
  signpost: Date,
  tailSoFar: readonly string[],
  where: string | undefined,
): AsyncGenerator<Page<PersonRecord>> {
  const apiName = OBJECT_API_NAME[object];
  let tail = [...tailSoFar];
  const described = await ctx.describe.fields(apiName);
  const keyset = keysetWhere({ object: apiName, fields, after, signpost, ...(where ? { where } : {}) });
  const soql = `SELECT ${selectList(fields)} FROM ${apiName} WHERE ${keyset}`;
  const safeCursor = encodeCursor({ [apiName]: after });
  let highest = after;
  let pending: SfRecord[] | null = null;
  for await (const chunk of bulkQueryChunks(ctx.client, soql, described, BULK_CHUNK)) {
    if (pending) yield { items: pending.map((r) => toPersonRecord(object, r)), cursor: safeCursor };
    const records = chunk.map((r) => toPersonRecord(object, r));
    for (const r of records) highest = later(highest, positionOf(r));
    // Bulk rows are unordered: the tail is cut at the highest stamp so far, which only rises.
    if (highest) tail = tailKeys(tail, records.map(versionOf), highest.ts, ctx.lookbackMs);
    pending = chunk;
  }
  if (pending)
    yield {
      items: pending.map((r) => toPersonRecord(object, r)),
      cursor: encodeCursor({ [apiName]: highest }, { [apiName]: tail }),
    };
}

/**
 * Records changed in the pull's range that the include filter leaves out, as deletions: ids and the
 * fields links need only. `queryAll`, like the pull, so one deleted outside the filter is a deletion too.
 */
async function* outsideFilter(
  ctx: PullRecordsContext,
  object: PersonObject,
  after: KeysetPosition | null,
  signpost: Date,
  where: string,
): AsyncGenerator<PersonRecord[]> {
  const apiName = OBJECT_API_NAME[object];
  const soql = keysetQuery({
    object: apiName,
    fields: requiredFields(object),
    after,
    signpost,
    where: `NOT (${where})`,
  });
  for await (const page of queryPages(ctx.client, soql, { all: true })) {
    const items = page.records.map((r) => ({ ...toPersonRecord(object, r), deleted: true, excluded: true }));
    if (items.length > 0) yield items;
  }
}
