/**
 * Contacts changed since a cursor. Full pull: the list endpoint (100 per page, `after` paging, no 10k cap;
 * it cannot filter by date). Incremental: keyset search windows on `lastmodifieddate` (200 per page),
 * overlapping the previous window by `searchLookbackSeconds` for search-index lag, with dedupe. Then a
 * sweep of archived contacts by `archivedAt` (archived objects never appear in search). The cursor never
 * passes the signpost. Within a window records come in id order; windows ascend in time.
 */
import type { Page, PersonRecord } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import {
  ContactsCursor,
  decodeCursor,
  encodeCursor,
  MAX_SEEN,
  seenKey,
  type SearchWindow,
} from './cursor.ts';
import { modifiedMs, toPersonRecord } from './map.ts';
import { PagingTrail } from './paging-trail.ts';
import { HsListPage, type HsObject } from './schemas.ts';
import { nextWindow, searchWindowStep } from './search-window.ts';

export const LIST_PAGE_SIZE = 100;
/**
 * Properties every pull needs for cursors and links, whatever the mapping asks for. `hs_merged_object_ids`
 * names the contacts merged into this one: their people move to it (the merged-away ids never show up in
 * a list, a search or the archive again).
 */
export const REQUIRED_CONTACT_PROPERTIES = [
  'email',
  'lastmodifieddate',
  'createdate',
  'hs_object_id',
  'hs_merged_object_ids',
] as const;
const DEFAULT_CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'company',
  'jobtitle',
  'lifecyclestage',
  'hs_lead_status',
];
/** Far above any real portal (10M contacts / 100): only there so no loop is unbounded. */
const MAX_PAGES = 1_000_000;

export interface PullContactsDeps {
  readonly api: HubSpotApi;
  readonly lookbackMs: number;
  /** Read on top of the asked-for fields: the properties `sync.include.hubspot` tests. */
  readonly extraProperties?: readonly string[];
}

export function contactProperties(
  fields: readonly string[] | undefined,
  extra: readonly string[] = [],
): string[] {
  return [...new Set([...(fields ?? DEFAULT_CONTACT_PROPERTIES), ...REQUIRED_CONTACT_PROPERTIES, ...extra])];
}

function highWater(cursor: ContactsCursor): number {
  return cursor.phase === 'window' ? cursor.window.lo : cursor.phase === 'archived' ? cursor.lo : cursor.hi;
}

function startState(
  decoded: ContactsCursor | null,
  options: PullOptions,
  lookbackMs: number,
): ContactsCursor | null {
  const signpost = options.signpost.getTime();
  if (options.since !== undefined && options.full !== true) {
    // `sync --since`: the cursor is ignored; read the window [since, signpost].
    const lo = options.since.getTime();
    return lo >= signpost
      ? null
      : { v: 1, phase: 'window', window: { lo, hi: signpost, seen: [], prevSeen: [] } };
  }
  if (decoded?.phase === 'list') return decoded;
  if (decoded === null || options.full === true) {
    const base = { v: 1 as const, phase: 'list' as const, hi: signpost, seen: [] };
    return decoded === null ? base : { ...base, archivedFrom: Math.max(0, highWater(decoded) - lookbackMs) };
  }
  if (decoded.phase !== 'done') return decoded;
  if (signpost <= decoded.hi) return null;
  return { v: 1, phase: 'window', window: nextWindow(decoded.hi, signpost, lookbackMs, decoded.seen) };
}

export async function* pullContacts(
  deps: PullContactsDeps,
  cursor: string | null,
  options: PullOptions,
): AsyncGenerator<Page<PersonRecord>> {
  const properties = contactProperties(options.fields, deps.extraProperties);
  const decoded = decodeCursor(ContactsCursor, cursor);
  let state: ContactsCursor | null = startState(decoded, options, deps.lookbackMs);
  if (state === null) {
    // Nothing can have changed between the last signpost and this one.
    yield { items: [], cursor: cursor ?? '' };
    return;
  }
  const listed = new PagingTrail('contacts', state.phase === 'list' ? state.after : undefined);
  const archived = new PagingTrail('archived contacts', state.phase === 'archived' ? state.after : undefined);
  for (let page = 0; page < MAX_PAGES; page++) {
    if (state.phase === 'done') return;
    if (state.phase === 'list') {
      const data = await listPage(deps.api, properties, state.after, false);
      const seen = tailKeys(state.seen, data.results, state.hi - deps.lookbackMs);
      const after = data.paging?.next?.after;
      listed.next(after);
      const archivedFrom: number | undefined = state.archivedFrom;
      state = after
        ? { ...state, after, seen }
        : archivedFrom !== undefined
          ? { v: 1, phase: 'archived', lo: archivedFrom, hi: state.hi, seen }
          : { v: 1, phase: 'done', hi: state.hi, seen };
      yield { items: data.results.map(toPersonRecord), cursor: encodeCursor(state) };
    } else if (state.phase === 'window') {
      const window: SearchWindow = state.window;
      const step = await searchWindowStep(
        deps.api,
        {
          objectType: 'contacts',
          modifiedProperty: 'lastmodifieddate',
          properties,
          lookbackMs: deps.lookbackMs,
        },
        window,
      );
      state = step.done
        ? { v: 1, phase: 'archived', lo: window.lo, hi: window.hi, seen: step.next.seen }
        : { v: 1, phase: 'window', window: step.next };
      yield { items: step.fresh.map(toPersonRecord), cursor: encodeCursor(state) };
    } else {
      const data = await listPage(deps.api, ['email', 'lastmodifieddate'], state.after, true);
      const lo: number = state.lo;
      const hi: number = state.hi;
      const deleted = data.results.filter((o) => {
        const ms = modifiedMs({ ...o, archived: true });
        return ms >= lo && ms <= hi;
      });
      const after = data.paging?.next?.after;
      archived.next(after);
      state = after ? { ...state, after } : { v: 1, phase: 'done', hi, seen: state.seen };
      yield {
        items: deleted.map((o) => toPersonRecord({ ...o, archived: true })),
        cursor: encodeCursor(state),
      };
    }
  }
}

function tailKeys(seen: readonly string[], objects: readonly HsObject[], fromMs: number): string[] {
  const out = [...seen];
  for (const obj of objects) {
    const ms = modifiedMs(obj);
    if (ms >= fromMs && out.length < MAX_SEEN) out.push(seenKey(obj.id, ms));
  }
  return out;
}

/** https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide (list, `after` paging) */
async function listPage(
  api: HubSpotApi,
  properties: readonly string[],
  after: string | undefined,
  archived: boolean,
) {
  const { data } = await api.call(
    {
      family: archived ? 'list-archived' : 'list',
      method: 'GET',
      path: '/crm/v3/objects/contacts',
      qs: { limit: LIST_PAGE_SIZE, properties: properties.join(','), archived, after },
    },
    HsListPage,
  );
  return data;
}
