/**
 * Runs a SOQL statement against the org and returns the matching rows in order: a snapshot (rows are
 * immutable objects, so later writes do not change a running cursor). Incremental reads
 * (`WHERE SystemModstamp > :x ORDER BY SystemModstamp, Id LIMIT n`) use the table's modstamp order and
 * stop early instead of scanning and sorting everything.
 */
import type { Row } from '../store/table.ts';
import { bindQuery, sortRows, type BoundQuery, type BoundSubquery } from './bind-query.ts';
import { parseSoql } from './parser.ts';
import type { QuerySource } from './resolve-path.ts';

export interface QueryResultSet {
  bound: BoundQuery;
  rows: Row[];
  totalSize: number;
  includeDeleted: boolean;
  /** Child rows per parent id, per subquery relationship; filled on first use. */
  children: Map<string, Map<string, Row[]>>;
}

function inIndexOrder(q: BoundQuery): boolean {
  const [first, second, ...rest] = q.order;
  if (!first) return true;
  if (
    rest.length > 0 ||
    first.descending ||
    first.path.steps.length > 0 ||
    first.path.field.name !== 'SystemModstamp'
  )
    return false;
  if (!second) return true;
  return !second.descending && second.path.steps.length === 0 && second.path.field.name === 'Id';
}

export function selectRows(q: BoundQuery, includeDeleted: boolean): Row[] {
  const end = q.limit === null ? Infinity : q.offset + q.limit;
  // The modstamp order serves a SystemModstamp floor, and any query ordered by (SystemModstamp[, Id]).
  const ordered = inIndexOrder(q) && (q.modstampFloor !== null || q.order.length > 0);
  const out: Row[] = [];
  const accept = (row: Row): boolean =>
    (includeDeleted || row['IsDeleted'] !== true) && (q.filter === null || q.filter(row));
  if (q.modstampFloor || ordered) {
    const rows = q.table.ordered();
    const start = q.modstampFloor ? q.table.lowerBound(q.modstampFloor.stamp, q.modstampFloor.inclusive) : 0;
    for (let i = start; i < rows.length; i++) {
      const row = rows[i] as Row;
      if (!accept(row)) continue;
      out.push(row);
      if (ordered && out.length >= end) break;
    }
  } else {
    for (const row of q.table.committedRows()) if (accept(row)) out.push(row);
  }
  const sorted = ordered ? out : sortRows(out, q.order);
  return q.offset > 0 || end < sorted.length ? sorted.slice(q.offset, end) : sorted;
}

export function executeQuery(source: QuerySource, soql: string, includeDeleted: boolean): QueryResultSet {
  const bound = bindQuery(source, parseSoql(soql), soql);
  const rows = selectRows(bound, includeDeleted);
  return { bound, rows, totalSize: rows.length, includeDeleted, children: new Map() };
}

/** Child rows of one parent for a subquery column (filter, order and LIMIT applied per parent). */
export function childRows(result: QueryResultSet, sub: BoundSubquery, parentId: string): Row[] {
  let groups = result.children.get(sub.relationshipName);
  if (!groups) {
    groups = new Map();
    const q = sub.query;
    for (const row of q.table.committedRows()) {
      if (!result.includeDeleted && row['IsDeleted'] === true) continue;
      if (q.filter && !q.filter(row)) continue;
      const parent = row[sub.parentField];
      if (typeof parent !== 'string') continue;
      const list = groups.get(parent);
      if (list) list.push(row);
      else groups.set(parent, [row]);
    }
    for (const [key, list] of groups) {
      const sorted = sortRows(list, q.order);
      groups.set(key, q.limit === null ? sorted : sorted.slice(0, q.limit));
    }
    result.children.set(sub.relationshipName, groups);
  }
  return groups.get(parentId) ?? [];
}
