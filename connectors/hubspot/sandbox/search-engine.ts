/**
 * CRM search: validates the request against HubSpot's documented limits, then answers from the cheapest
 * source. Keyset-style queries (only `lastmodifieddate` / `hs_object_id` bounds, sorted by last modified)
 * are counted and paged by index positions in O(log n + page); anything else scans the narrowest
 * candidate set (point lookups, a modified-date range, or all rows). While the index lags behind a change
 * (search-lag.ts) the query sees the record as it was, so lagging rows join the candidates as their views.
 */
import { z } from 'zod';
import { validationError } from './http-errors.ts';
import type { ObjectRow } from './object-row.ts';
import type { ObjectStore } from './object-store.ts';
import {
  comparableReader,
  compileFilter,
  OPERATORS,
  type RowPredicate,
  type SearchFilter,
} from './search-filters.ts';
import { keysetRanges, rowsSinceFloor, type PositionRange } from './search-keyset.ts';

const Filter = z.object({
  propertyName: z.string(),
  operator: z.enum(OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  highValue: z.union([z.string(), z.number()]).transform(String).optional(),
  values: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
});
const Sort = z.union([
  z.string(),
  z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).optional() }),
]);
export const SearchRequest = z.object({
  filterGroups: z.array(z.object({ filters: z.array(Filter) })).optional(),
  sorts: z.array(Sort).optional(),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(0).optional(),
  after: z.union([z.string(), z.number()]).optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

export const SEARCH_MAX_RESULTS = 10_000;
const MAX_BODY_CHARS = 3_000;
const QUERY_PROPS = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'company',
  'hs_meeting_title',
  'hs_call_title',
  'hs_email_subject',
];

export interface SearchOutcome {
  total: number;
  rows: ObjectRow[];
  nextAfter: string | undefined;
}

export interface SearchContext {
  /** The portal clock: which changes the index has caught up with. */
  nowMs: number;
}

export function parseSearch(
  raw: unknown,
  bodyChars: number,
): SearchRequest & { offset: number; limitValue: number } {
  if (bodyChars > MAX_BODY_CHARS)
    throw validationError(
      `Search request bodies are limited to ${MAX_BODY_CHARS} characters (got ${bodyChars})`,
    );
  const parsed = SearchRequest.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(`Invalid search request: ${z.prettifyError(parsed.error)}`);
  const req = parsed.data;
  const groups = req.filterGroups ?? [];
  const total = groups.reduce((n, g) => n + g.filters.length, 0);
  if (groups.length > 5 || groups.some((g) => g.filters.length > 6) || total > 18) {
    throw validationError(
      `Too many filters: at most 5 filterGroups of up to 6 filters each, 18 in total (got ${groups.length} groups, ${total} filters)`,
    );
  }
  const limitValue = req.limit ?? 10;
  if (limitValue > 200) throw validationError(`limit must be at most 200 (got ${limitValue})`);
  const afterText = req.after === undefined || req.after === '' ? '0' : String(req.after);
  if (!/^\d+$/.test(afterText))
    throw validationError(`"after" must be formatted as an integer (got ${afterText})`);
  const offset = Number(afterText);
  if (offset >= SEARCH_MAX_RESULTS) {
    throw validationError(
      `The search endpoints are limited to ${SEARCH_MAX_RESULTS} total results; "after" ${offset} pages beyond them`,
    );
  }
  return { ...req, offset, limitValue };
}

function sortOf(req: SearchRequest): { name: string; descending: boolean } | undefined {
  const first = req.sorts?.[0];
  if (first === undefined) return undefined;
  if (typeof first === 'string')
    return first.startsWith('-')
      ? { name: first.slice(1), descending: true }
      : { name: first, descending: false };
  return { name: first.propertyName, descending: first.direction === 'DESCENDING' };
}

export function runSearch(
  store: ObjectStore,
  req: ReturnType<typeof parseSearch>,
  ctx: SearchContext,
): SearchOutcome {
  const groups = (req.filterGroups ?? [])
    .filter((g) => g.filters.length > 0)
    .map((g): SearchFilter[] => g.filters);
  const predicates: RowPredicate[][] = groups.map((filters) => filters.map((f) => compileFilter(store, f)));
  const sort = sortOf(req);
  const end = Math.min(req.offset + req.limitValue, SEARCH_MAX_RESULTS);
  const next = (total: number, got: number): string | undefined =>
    req.offset + got < total && got > 0 ? String(req.offset + got) : undefined;

  const lagging = store.searchLag.lagging(ctx.nowMs);
  const keyset =
    !req.query && lagging.length === 0 && sort?.name === store.config.modifiedProp
      ? keysetRanges(store, groups)
      : undefined;
  if (keyset) {
    const rows = pageRanges(store, keyset, req.offset, end, sort?.descending === true);
    const total = keyset.reduce((n, r) => n + (r.hi - r.lo), 0);
    return { total, rows, nextAfter: next(total, rows.length) };
  }

  const query = req.query ? req.query.toLowerCase() : undefined;
  const visible = (row: ObjectRow): boolean =>
    row.archivedMs === null &&
    (predicates.length === 0 || predicates.some((group) => group.every((p) => p(row)))) &&
    (query === undefined ||
      QUERY_PROPS.some((name) => (row.props[name] ?? '').toLowerCase().includes(query)));
  const seen = new Set<ObjectRow>(candidates(store, groups));
  for (const id of lagging) {
    const row = store.get(id);
    if (row) seen.add(row);
  }
  const matches: ObjectRow[] = [];
  for (const row of seen) {
    const view = store.searchLag.view(row, ctx.nowMs);
    if (view && visible(view)) matches.push(view);
  }
  if (sort && !(sort.name === 'hs_object_id' && !sort.descending)) {
    const read = comparableReader(store, sort.name);
    const dir = sort.descending ? -1 : 1;
    matches.sort((a, b) => {
      const va = read(a);
      const vb = read(b);
      if (va === vb) return (a.id - b.id) * dir;
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * dir;
    });
  } else {
    matches.sort((a, b) => a.id - b.id);
  }
  const rows = matches.slice(req.offset, end);
  return { total: matches.length, rows, nextAfter: next(matches.length, rows.length) };
}

/** Point lookups when every group pins ids or emails; otherwise every live row. */
function candidates(store: ObjectStore, groups: SearchFilter[][]): ObjectRow[] {
  const points = groups.length > 0 ? groups.map((g) => pointIds(store, g)) : [];
  if (points.length > 0 && points.every((p) => p !== undefined)) {
    const seen = new Set<ObjectRow>();
    for (const list of points) for (const row of list ?? []) seen.add(row);
    return [...seen];
  }
  return rowsSinceFloor(store, groups) ?? store.order;
}

function pointIds(store: ObjectStore, filters: SearchFilter[]): ObjectRow[] | undefined {
  for (const f of filters) {
    const values =
      f.operator === 'EQ' && f.value !== undefined ? [f.value] : f.operator === 'IN' ? f.values : undefined;
    if (!values) continue;
    if (f.propertyName === 'hs_object_id')
      return values.map((v) => store.get(v)).filter((r): r is ObjectRow => r !== undefined);
    if (f.propertyName === 'email' && store.config.indexedUnique.includes('email')) {
      return values.map((v) => store.findByUnique('email', v)).filter((r): r is ObjectRow => r !== undefined);
    }
  }
  return undefined;
}

function pageRanges(
  store: ObjectStore,
  ranges: readonly PositionRange[],
  from: number,
  to: number,
  descending: boolean,
): ObjectRow[] {
  const ordered = descending ? [...ranges].reverse() : ranges;
  const out: ObjectRow[] = [];
  let skip = from;
  for (const range of ordered) {
    const size = range.hi - range.lo;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    for (let k = skip; k < size && out.length < to - from; k += 1) {
      const row = store.modified.at(descending ? range.hi - 1 - k : range.lo + k);
      if (row) out.push(row);
    }
    skip = 0;
    if (out.length >= to - from) break;
  }
  return out;
}
