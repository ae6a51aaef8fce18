/**
 * Accounts changed since a cursor, for account scoring: the keyset SOQL every pull uses (`ORDER BY
 * SystemModstamp, Id`, capped at the signpost) through `queryAll`, so an Account deleted or merged away
 * in the range arrives with `IsDeleted = true` and is forgotten; narrowed into windows on
 * `QUERY_TIMEOUT` (windowed-pages.ts). A read resumed from a cursor starts `lookbackMs` behind it for late
 * commits and drops the versions it read there (lookback.ts). Without a cursor, or with `full`, it reads
 * every Account and says so (`complete`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 */
import type { CompanyRecord } from '../../src/domain/company.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { CompanyPage, CompanyReadOptions } from '../company-source.ts';
import type { SalesforceClient } from './connection.ts';
import { decodeSeen, encodeCursor, startPositions } from './cursor.ts';
import { rewind, seenMatcher, tailKeys, type ReadVersion } from './lookback.ts';
import { isoTime, scalarFields } from './map.ts';
import type { SfRecord } from './schemas.ts';
import type { KeysetPosition } from './soql.ts';
import { windowedPages } from './windowed-pages.ts';

export const ACCOUNT = 'Account';
/** Fields every Account read needs for its cursor and for deletions, whatever the caller asked for. */
export const REQUIRED_ACCOUNT_FIELDS = ['Id', 'SystemModstamp', 'IsDeleted'] as const;

export interface PullAccountsContext {
  readonly client: SalesforceClient;
  readonly logger: Logger;
  readonly lookbackMs: number;
  /** Window size after a `QUERY_TIMEOUT`, kept for the connector's life (windowed-pages.ts). */
  readonly windows: Map<string, number>;
}

export function toCompanyRecord(record: SfRecord): CompanyRecord {
  return {
    crm: 'salesforce',
    id: record.Id,
    fields: scalarFields(record),
    modifiedAt: isoTime(record['SystemModstamp']) ?? new Date(0).toISOString(),
  };
}

function later(a: KeysetPosition | null, b: KeysetPosition): KeysetPosition {
  if (!a) return b;
  return b.ts > a.ts || (b.ts === a.ts && b.id > a.id) ? b : a;
}

const versionOf = (r: CompanyRecord): ReadVersion => ({
  id: r.id,
  modifiedAt: r.modifiedAt,
  content: r.fields,
});

export async function* pullAccounts(
  ctx: PullAccountsContext,
  fields: readonly string[],
  cursor: string | null,
  options: CompanyReadOptions,
): AsyncGenerator<CompanyPage> {
  const positions = startPositions(cursor, { full: options.full === true });
  if (positions.unreadable)
    ctx.logger.warn({ object: ACCOUNT }, 'unreadable Salesforce Account cursor: reading every Account again');
  const cursorAt = positions.at(ACCOUNT);
  const complete = cursorAt === null;
  const seen = cursorAt ? decodeSeen(cursor, ACCOUNT) : [];
  const wasRead = seenMatcher(seen);
  let after = cursorAt;
  let tail: string[] = [...seen];
  const keep = (): string =>
    after ? encodeCursor({ [ACCOUNT]: after }, { [ACCOUNT]: tail }) : encodeCursor({ [ACCOUNT]: null });
  let yielded = false;
  const pages = windowedPages(ctx, {
    object: ACCOUNT,
    fields: [...new Set([...REQUIRED_ACCOUNT_FIELDS, ...fields])],
    after: cursorAt ? rewind(cursorAt, ctx.lookbackMs) : null,
    signpost: options.signpost,
  });
  for await (const { page, windowed } of pages) {
    const read = page.records.map(toCompanyRecord);
    const fresh = read.filter((r) => !wasRead(versionOf(r)));
    const last = read.at(-1);
    if (last) {
      // The overlap is behind the cursor: a page of it must not move the cursor back.
      after = later(after, { ts: last.modifiedAt, id: last.id });
      // Finished: every row stamped up to the signpost was read, so the next overlap is measured from it.
      if (page.done && !windowed && ctx.lookbackMs > 0)
        after = later(after, { ts: options.signpost.toISOString(), id: last.id });
      tail = tailKeys(tail, read.map(versionOf), after.ts, ctx.lookbackMs);
    }
    yield {
      records: fresh.filter((r) => r.fields['IsDeleted'] !== true),
      removed: fresh.filter((r) => r.fields['IsDeleted'] === true).map((r) => r.id),
      complete,
      cursor: keep(),
    };
    yielded = true;
  }
  if (!yielded) yield { records: [], removed: [], complete, cursor: cursor && !complete ? cursor : keep() };
}
