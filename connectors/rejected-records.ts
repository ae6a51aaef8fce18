/**
 * Poison records (§B5 #28): a row whose values fail a connector's schema must neither stop its page nor
 * vanish. The connector's mapper keeps such a row's valid parts (so paging and cursors stay exact) and
 * marks the record here; `withRejections` then moves marked records out of each page's `items` into
 * `page.rejected`, where the engine reports them by id. A WeakMap, so the mark never travels in the data.
 */
import type { Page, PersonRecord, RejectedRecord } from '../src/domain/person.ts';

const reasons = new WeakMap<PersonRecord, string>();

export function markRejected(record: PersonRecord, reason: string): PersonRecord {
  reasons.set(record, reason);
  return record;
}

/** Pages as the connector produced them, each with its marked records moved to `rejected`. */
export async function* withRejections(
  pages: AsyncIterable<Page<PersonRecord>>,
): AsyncGenerator<Page<PersonRecord>> {
  for await (const page of pages) {
    const { items, rejected } = splitRejected(page.items);
    yield rejected.length === 0
      ? page
      : { ...page, items, rejected: [...(page.rejected ?? []), ...rejected] };
  }
}

/** One batch of mapped records split as `withRejections` splits a page: the clean ones and the marked ones. */
export function splitRejected(records: readonly PersonRecord[]): {
  items: PersonRecord[];
  rejected: RejectedRecord[];
} {
  const items: PersonRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const record of records) {
    const reason = reasons.get(record);
    if (reason === undefined) items.push(record);
    else rejected.push({ crm: record.crm, object: record.object, id: record.id, reason });
  }
  return { items, rejected };
}
