/**
 * `pullChanges` for Lead and Contact: one keyset SOQL (`ORDER BY SystemModstamp, Id`, capped at the
 * signpost) through `queryAll`, so deletions arrive as `deleted: true`, paged with `queryMore`: N changed
 * records cost ⌈N/2000⌉ calls. A full pull whose first page reports more than `bulkThreshold` rows
 * (`totalSize`, so no extra COUNT() call) continues through Bulk API 2.0 after that page.
 */
import type { Logger } from '../../src/lib/logger.ts';
import type { PersonObject } from '../../src/domain/crm.ts';
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { Page, PersonRecord } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { SalesforceClient } from './connection.ts';
import type { DescribeCache } from './describe.ts';
import { bulkQueryChunks } from './bulk-query.ts';
import { encodeCursor, startPositions } from './cursor.ts';
import { OBJECT_API_NAME, toPersonRecord } from './map.ts';
import { queryPages } from './query-pages.ts';
import { keysetQuery, keysetWhere, selectList, type KeysetPosition } from './soql.ts';
import type { SfRecord } from './schemas.ts';

const BULK_CHUNK = 2_000;

export interface PullRecordsContext {
  readonly client: SalesforceClient;
  readonly describe: DescribeCache;
  readonly logger: Logger;
  readonly bulkThreshold: number;
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

export async function* pullRecords(
  ctx: PullRecordsContext,
  object: PersonObject,
  cursor: string | null,
  options: PullOptions,
): AsyncGenerator<Page<PersonRecord>> {
  const apiName = OBJECT_API_NAME[object];
  const positions = startPositions(cursor, options);
  if (positions.unreadable) {
    ctx.logger.warn({ object: apiName }, 'unreadable Salesforce cursor: pulling everything again');
  }
  let after = positions.at(apiName);
  const fullPull = after === null;
  let described: FieldDescriptor[] | undefined;
  if (!options.fields) described = await ctx.describe.fields(apiName);
  const fields = [...requiredFields(object), ...(options.fields ?? (described ?? []).map((f) => f.name))];
  const soql = keysetQuery({ object: apiName, fields, after, signpost: options.signpost });

  let first = true;
  for await (const page of queryPages(ctx.client, soql, { all: true })) {
    const items = page.records.map((r) => toPersonRecord(object, r));
    const last = items.at(-1);
    if (last) {
      after = positionOf(last);
      yield { items, cursor: encodeCursor({ [apiName]: after }) };
    }
    if (first && fullPull && !page.done && page.totalSize > ctx.bulkThreshold) {
      ctx.logger.info(
        { object: apiName, totalSize: page.totalSize, bulkThreshold: ctx.bulkThreshold },
        'switching full pull to Bulk API 2.0',
      );
      yield* pullRemainderByBulk(ctx, object, fields, after, options.signpost);
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
): AsyncGenerator<Page<PersonRecord>> {
  const apiName = OBJECT_API_NAME[object];
  const described = await ctx.describe.fields(apiName);
  const soql = `SELECT ${selectList(fields)} FROM ${apiName} WHERE ${keysetWhere({ object: apiName, fields, after, signpost })}`;
  const safeCursor = encodeCursor({ [apiName]: after });
  let highest = after;
  let pending: SfRecord[] | null = null;
  for await (const chunk of bulkQueryChunks(ctx.client, soql, described, BULK_CHUNK)) {
    if (pending) yield { items: pending.map((r) => toPersonRecord(object, r)), cursor: safeCursor };
    for (const r of chunk) highest = later(highest, positionOf(toPersonRecord(object, r)));
    pending = chunk;
  }
  if (pending)
    yield {
      items: pending.map((r) => toPersonRecord(object, r)),
      cursor: encodeCursor({ [apiName]: highest }),
    };
}
