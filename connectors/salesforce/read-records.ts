/**
 * Leads or Contacts by id (`readRecords`): `SELECT <the pull's fields> FROM Lead WHERE Id IN (...)`
 * through `queryAll`, so a record in the recycle bin comes back with `IsDeleted = true` (a deletion, as the
 * pull reads it) and only a purged or never-existing id is missing. 200 ids per query keep its URL (26
 * characters an id, quoted and URL-encoded) near 5,000 characters, well below the length at which
 * Salesforce answers 414 (about 800 bare ids in a URL, its Collections docs say); up to five queries share
 * one `/composite` call, which counts as one API call, so 1,000 ids cost one call. sObject Collections retrieve (`GET /composite/sobjects/Lead?ids=`) would also be one call, but for
 * up to ~800 ids, one object per call, and answers `null` for a deleted record, so deletions in the recycle
 * bin could not be told from ids that never existed.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
import type { PersonObject } from '../../src/domain/crm.ts';
import type { PersonRecord } from '../../src/domain/person.ts';
import { splitRejected } from '../rejected-records.ts';
import type { ReadRecordsResult } from '../types.ts';
import { compositeQueries } from './composite-query.ts';
import type { SalesforceClient } from './connection.ts';
import type { DescribeCache } from './describe.ts';
import { OBJECT_API_NAME, toPersonRecord } from './map.ts';
import { requiredFields } from './pull-records.ts';
import { queryPages } from './query-pages.ts';
import { idIn, selectList } from './soql.ts';

export const IDS_PER_QUERY = 200;
/** Salesforce record ids: 15 characters (case-sensitive) or 18 (with the case checksum). */
const ID_SHAPE = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
/** The case-sensitive 15-character form, so a 15-character id matches its 18-character answer. */
const key15 = (id: string): string => id.slice(0, 15);

export interface ReadRecordsContext {
  readonly client: SalesforceClient;
  readonly describe: DescribeCache;
  /** `sync.include` fragments: a record outside its object's answers as not found, like a deletion. */
  readonly include?: Partial<Record<PersonObject, string>>;
}

export async function readRecords(
  ctx: ReadRecordsContext,
  object: PersonObject,
  ids: readonly string[],
  fields: readonly string[] | undefined,
): Promise<ReadRecordsResult> {
  const apiName = OBJECT_API_NAME[object];
  const wanted = [...new Set(ids)];
  // A malformed id fails the whole query ("invalid ID field"); it cannot name a record anyway.
  const shaped = wanted.filter((id) => ID_SHAPE.test(id));
  const names = fields ?? (await ctx.describe.fields(apiName)).map((f) => f.name);
  const select = selectList([...requiredFields(object), ...names]);
  const where = ctx.include?.[object];
  const inside = where === undefined ? '' : ` AND (${where})`;
  const reads: { key: string; soql: string }[] = [];
  for (let i = 0; i < shaped.length; i += IDS_PER_QUERY) {
    const chunk = shaped.slice(i, i + IDS_PER_QUERY);
    reads.push({
      key: `ids${i}`,
      soql: `SELECT ${select} FROM ${apiName} WHERE ${idIn('Id', chunk)}${inside}`,
    });
  }
  const firstPages = await compositeQueries(ctx.client, reads);
  const records: PersonRecord[] = [];
  for (const read of reads) {
    const first = firstPages.get(read.key);
    if (!first) continue;
    // 200 rows fit Salesforce's smallest batch, so this is one page; any further one is followed.
    for await (const page of queryPages(ctx.client, read.soql, { all: true, first }))
      for (const row of page.records) records.push(toPersonRecord(object, row));
  }
  const found = new Set(records.map((r) => key15(r.id)));
  const { items, rejected } = splitRejected(records);
  return { records: items, rejected, notFound: wanted.filter((id) => !found.has(key15(id))) };
}
