/**
 * One keyset page of CRM search: `lo ≤ modified ≤ hi` and `hs_object_id > afterId`, sorted by id, 200 per
 * call, always the first page of a fresh query. No `after` offset is ever sent, so the 10,000-result cap
 * (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm, "Limits") is never
 * reached, and 25,000 records sharing one timestamp are read exactly once (airbytehq/airbyte #43317
 * looped forever keying on the timestamp alone). Records that change mid-window leave it (`> hi`) and
 * are read by the next window. The index lags writes, answering recent changes late and with their old
 * values; the next window's overlap re-reads them and drops what was read.
 */
import type { HubSpotApi } from './api.ts';
import { latestSeen, MAX_SEEN, seenKey, type SearchWindow } from './cursor.ts';
import { pagingLoopError } from './paging-trail.ts';
import { HsSearchPage, type HsObject } from './schemas.ts';
import { toMillis } from './time.ts';

export const SEARCH_PAGE_SIZE = 200;

export interface WindowStep {
  /** Records not already read by the previous window's overlap. */
  readonly fresh: HsObject[];
  readonly next: SearchWindow;
  readonly done: boolean;
}

export interface WindowQuery {
  readonly objectType: string;
  /** `lastmodifieddate` for contacts, `hs_lastmodifieddate` for other objects. */
  readonly modifiedProperty: string;
  readonly properties: readonly string[];
  readonly lookbackMs: number;
}

function idGreater(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

export async function searchWindowStep(
  api: HubSpotApi,
  query: WindowQuery,
  window: SearchWindow,
): Promise<WindowStep> {
  const filters = [
    { propertyName: query.modifiedProperty, operator: 'GTE', value: String(window.lo) },
    { propertyName: query.modifiedProperty, operator: 'LTE', value: String(window.hi) },
    ...(window.afterId ? [{ propertyName: 'hs_object_id', operator: 'GT', value: window.afterId }] : []),
  ];
  // https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
  const { data } = await api.call(
    {
      family: 'search',
      kind: 'search',
      method: 'POST',
      path: `/crm/v3/objects/${query.objectType}/search`,
      body: {
        filterGroups: [{ filters }],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: [...query.properties],
        limit: SEARCH_PAGE_SIZE,
      },
    },
    HsSearchPage,
  );
  const read = latestSeen(window.prevSeen);
  const seen = [...window.seen];
  const fresh: HsObject[] = [];
  let afterId = window.afterId;
  for (const obj of data.results) {
    if (afterId === undefined || idGreater(obj.id, afterId)) afterId = obj.id;
    const ms = toMillis(obj.properties[query.modifiedProperty]) ?? toMillis(obj.updatedAt) ?? 0;
    const key = seenKey(obj.id, ms);
    // Read before, or an older version than the one read: a lagging index still answers it.
    if ((read.get(obj.id) ?? Number.NEGATIVE_INFINITY) >= ms) continue;
    fresh.push(obj);
    if (ms >= window.hi - query.lookbackMs && seen.length < MAX_SEEN) seen.push(key);
  }
  const done = !data.paging?.next?.after || data.results.length < SEARCH_PAGE_SIZE;
  // The keyset is the cursor here: a full page that does not move it past `afterId` would be asked again.
  if (!done && afterId === window.afterId) {
    throw pagingLoopError(`${query.objectType} search`, `hs_object_id > ${afterId ?? '(none)'}`);
  }
  return { fresh, next: { ...window, ...(afterId !== undefined ? { afterId } : {}), seen }, done };
}

/**
 * The window that follows one that ended at `prevHi`, overlapping it by the lookback. Keys already read
 * that stay inside the new window's own tail are carried forward, so a record read once is not sent again
 * by a later overlap either.
 */
export function nextWindow(
  prevHi: number,
  signpostMs: number,
  lookbackMs: number,
  prevSeen: readonly string[],
): SearchWindow {
  const tail = signpostMs - lookbackMs;
  const carried = prevSeen.filter((key) => Number(key.slice(key.lastIndexOf('@') + 1)) >= tail);
  return { lo: Math.max(0, prevHi - lookbackMs), hi: signpostMs, seen: carried, prevSeen: [...prevSeen] };
}
