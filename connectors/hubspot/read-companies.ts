/**
 * Companies changed since a cursor, for account scoring. Without a cursor (or with `full`): the list
 * endpoint, 100 per page, every live company (no search's 10,000-result cap). With one: keyset search
 * windows on `hs_lastmodifieddate` (companies carry no `lastmodifieddate`), the same windows, lookback
 * overlap for the search index's lag and `id@ms` dedupe the contacts pull uses (search-window.ts), so a
 * run reads the pages of changed companies only; then the archived companies are listed and those
 * archived within the window are named as removed (archived records never appear in search), as the
 * contacts pull sweeps archived contacts. A merged-away company leaves lists and search; the survivor,
 * whose stamp the merge moves, names it in `hs_merged_object_ids`, so it is removed too. The cursor
 * never passes the signpost.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/guide
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
import { z } from 'zod';
import type { CompanyRecord } from '../../src/domain/company.ts';
import type { CompanyPage, CompanyReadOptions } from '../company-source.ts';
import type { HubSpotApi } from './api.ts';
import { decodeCursor, encodeCursor, MAX_SEEN, seenKey } from './cursor.ts';
import { PagingTrail } from './paging-trail.ts';
import { HsListPage, type HsObject } from './schemas.ts';
import { nextWindow, searchWindowStep } from './search-window.ts';
import { toMillis } from './time.ts';

export const COMPANIES = 'companies';
export const COMPANY_MODIFIED = 'hs_lastmodifieddate';
/** Every company read asks for these: the cursor's stamp and the ids merged into the company. */
export const REQUIRED_COMPANY_PROPERTIES = [COMPANY_MODIFIED, 'hs_merged_object_ids'] as const;
/** The list endpoint's `limit` max is 100. */
const LIST_PAGE_SIZE = 100;
/** Far above any real portal: only there so no loop is unbounded. */
const MAX_PAGES = 1_000_000;

/** Everything modified up to `hi` is read; `seen` names the lookback tail's `id@ms`, for the next overlap. */
export const CompaniesCursor = z.object({
  v: z.literal(1),
  hi: z.number(),
  seen: z.array(z.string()).default([]),
});
export type CompaniesCursor = z.infer<typeof CompaniesCursor>;

const modifiedOf = (obj: HsObject): number =>
  toMillis(obj.properties[COMPANY_MODIFIED]) ?? toMillis(obj.updatedAt) ?? toMillis(obj.createdAt) ?? 0;

/** `hs_merged_object_ids`: semicolon-separated ids merged into this company. */
function mergedIds(objects: readonly HsObject[]): string[] {
  return objects.flatMap((o) =>
    (o.properties['hs_merged_object_ids'] ?? '')
      .split(';')
      .map((id) => id.trim())
      .filter((id) => id !== '' && id !== o.id),
  );
}

export function toCompanyRecord(obj: HsObject): CompanyRecord {
  return {
    crm: 'hubspot',
    id: obj.id,
    fields: { ...obj.properties },
    modifiedAt: new Date(modifiedOf(obj)).toISOString(),
  };
}

export interface ReadCompaniesDeps {
  readonly api: HubSpotApi;
  readonly lookbackMs: number;
}

export async function* readCompanies(
  deps: ReadCompaniesDeps,
  properties: readonly string[],
  cursor: string | null,
  options: CompanyReadOptions,
): AsyncGenerator<CompanyPage> {
  const signpost = options.signpost.getTime();
  const decoded = options.full === true ? null : decodeCursor(CompaniesCursor, cursor);
  if (decoded === null) {
    yield* listAll(deps, properties, signpost);
    return;
  }
  if (signpost <= decoded.hi) {
    // Nothing can have changed between the last signpost and this one.
    yield { records: [], removed: [], complete: false, cursor: encodeCursor(decoded) };
    return;
  }
  let window = nextWindow(decoded.hi, signpost, deps.lookbackMs, decoded.seen);
  for (let page = 0; page < MAX_PAGES; page++) {
    const step = await searchWindowStep(
      deps.api,
      { objectType: COMPANIES, modifiedProperty: COMPANY_MODIFIED, properties, lookbackMs: deps.lookbackMs },
      window,
    );
    window = step.next;
    // Until the read is done its cursor stays where it started: a resumed read repeats it whole.
    yield {
      records: step.fresh.map(toCompanyRecord),
      removed: mergedIds(step.fresh),
      complete: false,
      cursor: encodeCursor(decoded),
    };
    if (step.done) break;
  }
  const done: CompaniesCursor = { v: 1, hi: window.hi, seen: window.seen };
  yield* archivedWithin(deps, window.lo, window.hi, encodeCursor(done));
}

/** https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/get-companies (`archived=true`) */
async function* archivedWithin(
  deps: ReadCompaniesDeps,
  lo: number,
  hi: number,
  cursor: string,
): AsyncGenerator<CompanyPage> {
  const trail = new PagingTrail('archived companies', undefined);
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await deps.api.call(
      {
        family: 'list-archived',
        method: 'GET',
        path: `/crm/v3/objects/${COMPANIES}`,
        qs: {
          limit: LIST_PAGE_SIZE,
          archived: true,
          properties: COMPANY_MODIFIED,
          ...(after ? { after } : {}),
        },
      },
      HsListPage,
    );
    const removed = data.results
      .filter((o) => {
        const ms = toMillis(o.archivedAt ?? o.updatedAt) ?? 0;
        return ms >= lo && ms <= hi;
      })
      .map((o) => o.id);
    const next = data.paging?.next?.after;
    trail.next(next);
    yield { records: [], removed, complete: false, cursor };
    if (!next) return;
    after = next;
  }
}

async function* listAll(
  deps: ReadCompaniesDeps,
  properties: readonly string[],
  signpost: number,
): AsyncGenerator<CompanyPage> {
  const trail = new PagingTrail(COMPANIES, undefined);
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/get-companies
    const { data } = await deps.api.call(
      {
        family: 'list',
        method: 'GET',
        path: `/crm/v3/objects/${COMPANIES}`,
        qs: {
          limit: LIST_PAGE_SIZE,
          archived: false,
          properties: properties.join(','),
          ...(after ? { after } : {}),
        },
      },
      HsListPage,
    );
    for (const obj of data.results) {
      const ms = modifiedOf(obj);
      if (ms >= signpost - deps.lookbackMs && seen.length < MAX_SEEN) seen.push(seenKey(obj.id, ms));
    }
    const next = data.paging?.next?.after;
    trail.next(next);
    yield {
      records: data.results.map(toCompanyRecord),
      removed: mergedIds(data.results),
      complete: true,
      cursor: encodeCursor({ v: 1, hi: signpost, seen } satisfies CompaniesCursor),
    };
    if (!next) return;
    after = next;
  }
}
