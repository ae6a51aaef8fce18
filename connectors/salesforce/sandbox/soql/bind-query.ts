/**
 * Binds a parsed query to the org's schema: the FROM object, each selected path, the compiled WHERE,
 * the ORDER BY keys, child subqueries (by child relationship name) and COUNT() forms. All schema and
 * type errors surface here, before any row is read.
 */
import type { Row, SObjectTable } from '../store/table.ts';
import type { OrderItem, SoqlQuery } from './ast.ts';
import { compileFilter, type Predicate } from './compile-filter.ts';
import { resolvePath, type QuerySource, type ResolvedPath } from './resolve-path.ts';
import { soqlError } from './soql-error.ts';

export interface BoundOrder {
  path: ResolvedPath;
  descending: boolean;
  nullsLast: boolean;
}

export interface BoundSubquery {
  relationshipName: string;
  /** The child's reference field pointing back at the parent (e.g. OpportunityId). */
  parentField: string;
  query: BoundQuery;
}

export type BoundColumn = { kind: 'path'; path: ResolvedPath } | { kind: 'subquery'; sub: BoundSubquery };

export interface BoundQuery {
  table: SObjectTable;
  columns: BoundColumn[];
  filter: Predicate | null;
  order: BoundOrder[];
  limit: number | null;
  offset: number;
  /** `SELECT COUNT() FROM ...`: only the total is returned. */
  countOnly: boolean;
  /** `SELECT COUNT(Field) [alias] FROM ...`: one AggregateResult row. */
  aggregate: { path: ResolvedPath | null; alias: string } | null;
  /** The WHERE clause's `SystemModstamp >`/`>=` bound, for the index fast path. */
  modstampFloor: { stamp: string; inclusive: boolean } | null;
  soql: string;
}

function modstampFloor(q: SoqlQuery): BoundQuery['modstampFloor'] {
  const conjuncts = q.where?.kind === 'and' ? q.where.items : q.where ? [q.where] : [];
  for (const c of conjuncts) {
    if (
      c.kind === 'compare' &&
      c.field.path.length === 1 &&
      c.field.path[0]?.toLowerCase() === 'systemmodstamp' &&
      (c.op === '>' || c.op === '>=') &&
      c.value.kind === 'datetime'
    ) {
      return { stamp: c.value.value, inclusive: c.op === '>=' };
    }
  }
  return null;
}

export function bindQuery(source: QuerySource, q: SoqlQuery, soql: string, table?: SObjectTable): BoundQuery {
  const from = table ?? source.table(q.from.name);
  if (!from) {
    throw soqlError(
      'INVALID_TYPE',
      soql,
      q.from.pos,
      `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const columns: BoundColumn[] = [];
  const seen = new Set<string>();
  let countOnly = false;
  let aggregate: BoundQuery['aggregate'] = null;
  for (const item of q.select) {
    if (item.kind === 'count') {
      if (q.select.length > 1)
        throw soqlError(
          'MALFORMED_QUERY',
          soql,
          item.pos,
          'COUNT() must be the only element in the SELECT list (GROUP BY is not supported by the sandbox).',
        );
      if (item.field === null) countOnly = true;
      else aggregate = { path: resolvePath(source, from, item.field, soql), alias: item.alias ?? 'expr0' };
      continue;
    }
    if (item.kind === 'subquery') {
      columns.push({ kind: 'subquery', sub: bindSubquery(source, from, item.query, soql, item.pos) });
      continue;
    }
    const path = resolvePath(source, from, item, soql);
    const key = path.names.join('.').toLowerCase();
    if (seen.has(key))
      throw soqlError('MALFORMED_QUERY', soql, item.pos, `duplicate field selected: ${path.names.join('.')}`);
    seen.add(key);
    columns.push({ kind: 'path', path });
  }
  const ctx = { source, table: from, soql };
  const order = q.orderBy.map((o: OrderItem) => {
    const path = resolvePath(source, from, o.field, soql);
    if (path.field.type === 'textarea' && path.field.length > 255) {
      throw soqlError(
        'INVALID_FIELD',
        soql,
        o.field.pos,
        `field '${path.field.name}' can not be sorted in a query call`,
      );
    }
    return { path, descending: o.descending, nullsLast: o.nullsLast };
  });
  if (q.offset !== null && q.offset > 2000) {
    throw soqlError('NUMBER_OUTSIDE_VALID_RANGE', soql, 0, `Maximum SOQL offset allowed is 2000`);
  }
  return {
    table: from,
    columns,
    filter: q.where ? compileFilter(ctx, q.where) : null,
    order,
    limit: q.limit,
    offset: q.offset ?? 0,
    countOnly,
    aggregate,
    modstampFloor: modstampFloor(q),
    soql,
  };
}

function bindSubquery(
  source: QuerySource,
  parent: SObjectTable,
  q: SoqlQuery,
  soql: string,
  pos: number,
): BoundSubquery {
  const rel = parent.def.childRelationships.find(
    (r) => r.relationshipName.toLowerCase() === q.from.name.toLowerCase(),
  );
  const child = rel ? source.table(rel.childSObject) : undefined;
  if (!rel || !child) {
    throw soqlError(
      'INVALID_TYPE',
      soql,
      q.from.pos || pos,
      `Didn't understand relationship '${q.from.name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  if (q.select.some((s) => s.kind === 'subquery' || s.kind === 'count')) {
    throw soqlError(
      'MALFORMED_QUERY',
      soql,
      pos,
      'nested subqueries and aggregates are not supported in a child relationship query',
    );
  }
  return {
    relationshipName: rel.relationshipName,
    parentField: rel.field,
    query: bindQuery(source, q, soql, child),
  };
}

/** Decorate-sort-undecorate by the ORDER BY keys; nulls first unless NULLS LAST, text case-insensitive. */
export function sortRows(rows: Row[], order: readonly BoundOrder[]): Row[] {
  if (order.length === 0) return rows;
  const decorated = rows.map((row) => ({
    row,
    keys: order.map((o) => {
      const v = o.path.get(row);
      return typeof v === 'string' && o.path.field.type !== 'id' && o.path.field.type !== 'reference'
        ? v.toLowerCase()
        : v;
    }),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const o = order[i] as BoundOrder;
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y) continue;
      if (x === null) return o.nullsLast ? 1 : -1;
      if (y === null) return o.nullsLast ? -1 : 1;
      const c = x < y ? -1 : 1;
      return o.descending ? -c : c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}
