/**
 * Turns filter groups made only of last-modified and record-id bounds into position ranges of the
 * modified index: the (lastmodifieddate, hs_object_id) keyset queries an incremental sync issues, e.g.
 * `(lastmodifieddate = t AND hs_object_id > id) OR lastmodifieddate > t`.
 */
import type { ObjectRow } from './object-row.ts';
import type { ObjectStore } from './object-store.ts';
import { toEpochMs } from './property-values.ts';
import type { SearchFilter } from './search-filters.ts';

export interface PositionRange {
  lo: number;
  hi: number;
}

type Key = readonly [ms: number, id: number];
const NEG = Number.NEGATIVE_INFINITY;
const POS = Number.POSITIVE_INFINITY;

function maxKey(a: Key, b: Key): Key {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b;
}
function minKey(a: Key, b: Key): Key {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
}

/** [lo, hi) key interval of one group, or undefined when the group is not a pure keyset condition. */
function groupInterval(
  store: ObjectStore,
  filters: readonly SearchFilter[],
): { lo: Key; hi: Key } | undefined {
  let lo: Key = [NEG, NEG];
  let hi: Key = [POS, POS];
  let pinned: number | undefined;
  let idLo = NEG;
  let idHi = POS;
  for (const f of filters) {
    const v = f.value === undefined ? Number.NaN : toEpochMs(f.value);
    if (f.propertyName === store.config.modifiedProp) {
      if (f.operator === 'HAS_PROPERTY') continue;
      const high = f.highValue === undefined ? Number.NaN : toEpochMs(f.highValue);
      if (!Number.isFinite(v) || (f.operator === 'BETWEEN' && !Number.isFinite(high))) return undefined;
      if (f.operator === 'EQ') {
        lo = maxKey(lo, [v, NEG]);
        hi = minKey(hi, [v, POS]);
        pinned = v;
      } else if (f.operator === 'GT') lo = maxKey(lo, [v, POS]);
      else if (f.operator === 'GTE') lo = maxKey(lo, [v, NEG]);
      else if (f.operator === 'LT') hi = minKey(hi, [v, NEG]);
      else if (f.operator === 'LTE') hi = minKey(hi, [v, POS]);
      else if (f.operator === 'BETWEEN') {
        lo = maxKey(lo, [v, NEG]);
        hi = minKey(hi, [high, POS]);
      } else return undefined;
    } else if (f.propertyName === 'hs_object_id' && Number.isFinite(v)) {
      if (f.operator === 'GT') idLo = Math.max(idLo, v + 1);
      else if (f.operator === 'GTE') idLo = Math.max(idLo, v);
      else if (f.operator === 'LT') idHi = Math.min(idHi, v);
      else if (f.operator === 'LTE') idHi = Math.min(idHi, v + 1);
      else if (f.operator === 'EQ') {
        idLo = Math.max(idLo, v);
        idHi = Math.min(idHi, v + 1);
      } else return undefined;
    } else return undefined;
  }
  if (idLo !== NEG || idHi !== POS) {
    // Id bounds form one contiguous key range only when the timestamp is pinned.
    if (pinned === undefined) return undefined;
    lo = maxKey(lo, [pinned, idLo]);
    hi = minKey(hi, [pinned, idHi]);
  }
  return { lo, hi };
}

/** Merged, ascending position ranges, or undefined when some group needs a general scan. */
export function keysetRanges(
  store: ObjectStore,
  groups: readonly SearchFilter[][],
): PositionRange[] | undefined {
  const intervals =
    groups.length === 0
      ? [{ lo: [NEG, NEG] as Key, hi: [POS, POS] as Key }]
      : groups.map((g) => groupInterval(store, g));
  if (intervals.some((i) => i === undefined)) return undefined;
  store.modified.compact();
  const ranges: PositionRange[] = [];
  for (const interval of intervals) {
    if (!interval) continue;
    const lo = store.modified.lowerBound(interval.lo[0], interval.lo[1]);
    const hi = store.modified.lowerBound(interval.hi[0], interval.hi[1]);
    if (hi > lo) ranges.push({ lo, hi });
  }
  ranges.sort((a, b) => a.lo - b.lo);
  const merged: PositionRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ ...r });
  }
  return merged;
}

/** Live rows modified at or after the lowest bound every group sets (undefined when a group sets none). */
export function rowsSinceFloor(
  store: ObjectStore,
  groups: readonly SearchFilter[][],
): ObjectRow[] | undefined {
  if (groups.length === 0) return undefined;
  let floor = POS;
  for (const filters of groups) {
    let groupFloor: number | undefined;
    for (const f of filters) {
      if (f.propertyName !== store.config.modifiedProp || f.value === undefined) continue;
      if (f.operator === 'GT' || f.operator === 'GTE' || f.operator === 'EQ' || f.operator === 'BETWEEN') {
        const v = toEpochMs(f.value);
        if (Number.isFinite(v)) groupFloor = Math.max(groupFloor ?? NEG, v);
      }
    }
    if (groupFloor === undefined) return undefined;
    floor = Math.min(floor, groupFloor);
  }
  const out: ObjectRow[] = [];
  for (let i = store.modified.lowerBound(floor, NEG); i < store.modified.length; i += 1) {
    const row = store.modified.at(i);
    if (row) out.push(row);
  }
  return out;
}
