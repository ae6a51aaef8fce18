/**
 * Shapes query rows the way the REST API returns them: `attributes {type, url}` on every record,
 * relationship paths as nested records (or null), child subqueries as nested query results (or null),
 * and flattened `Account.Name` columns for Bulk API 2.0 CSV.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
 */
import type { SfValue } from '../catalog/field-def.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import type { BoundColumn } from './bind-query.ts';
import { childRows, type QueryResultSet } from './execute-query.ts';
import type { QuerySource } from './resolve-path.ts';

export type JsonRecord = { [key: string]: unknown };

export function attributes(
  type: string,
  id: SfValue | undefined,
  version: string,
  tooling = false,
): JsonRecord {
  return id
    ? { type, url: `/services/data/v${version}${tooling ? '/tooling' : ''}/sobjects/${type}/${String(id)}` }
    : { type };
}

function fieldValue(table: SObjectTable, name: string, value: SfValue): unknown {
  if (value !== null && table.field(name)?.type === 'complexvalue' && typeof value === 'string')
    return JSON.parse(value);
  return value;
}

/** One row as a REST query record. */
export function projectRecord(
  source: QuerySource,
  result: QueryResultSet,
  row: Row,
  version: string,
): JsonRecord {
  const table = result.bound.table;
  const out: JsonRecord = {
    attributes: attributes(table.def.name, row['Id'], version, table.def.tooling === true),
  };
  for (const col of result.bound.columns) projectColumn(source, result, table, row, col, out, version);
  return out;
}

function projectColumn(
  source: QuerySource,
  result: QueryResultSet,
  table: SObjectTable,
  row: Row,
  col: BoundColumn,
  out: JsonRecord,
  version: string,
): void {
  if (col.kind === 'subquery') {
    const children = childRows(result, col.sub, row['Id'] as string);
    const childTable = col.sub.query.table;
    out[col.sub.relationshipName] =
      children.length === 0
        ? null
        : {
            totalSize: children.length,
            done: true,
            records: children.map((child) => {
              const rec: JsonRecord = { attributes: attributes(childTable.def.name, child['Id'], version) };
              for (const c of col.sub.query.columns)
                projectColumn(source, result, childTable, child, c, rec, version);
              return rec;
            }),
          };
    return;
  }
  const { path } = col;
  if (path.steps.length === 0) {
    out[path.field.name] = fieldValue(table, path.field.name, row[path.field.name] ?? null);
    return;
  }
  let target: JsonRecord = out;
  let cur: Row | undefined = row;
  let curTable: SObjectTable | undefined = table;
  for (let i = 0; i < path.steps.length; i++) {
    const step = path.steps[i];
    const relName = path.names[i] as string;
    if (!step) return;
    const id: SfValue | undefined = cur?.[step.ref.name];
    const nextTable: SObjectTable | undefined =
      typeof id === 'string' ? (step.target ?? source.tableOfId(id)) : undefined;
    const next: Row | undefined = typeof id === 'string' ? nextTable?.committed(id) : undefined;
    if (!next || !nextTable) {
      if (!(relName in target)) target[relName] = null;
      return;
    }
    let nested = target[relName] as JsonRecord | null | undefined;
    if (!nested) {
      nested = { attributes: attributes(nextTable.def.name, next['Id'], version) };
      target[relName] = nested;
    }
    target = nested;
    cur = next;
    curTable = nextTable;
  }
  const name = path.field.name;
  const polymorphicType = name === 'Type' && path.steps[path.steps.length - 1]?.target === null;
  target[name] = polymorphicType
    ? (curTable?.def.name ?? null)
    : fieldValue(curTable as SObjectTable, name, cur?.[name] ?? null);
}

/** Column headers and values for Bulk API 2.0 CSV (relationship paths flattened as `Account.Name`). */
export function csvHeader(result: QueryResultSet): string[] {
  return result.bound.columns.flatMap((c) => (c.kind === 'path' ? [c.path.names.join('.')] : []));
}

export function csvValues(result: QueryResultSet, row: Row): SfValue[] {
  return result.bound.columns.flatMap((c) => {
    if (c.kind !== 'path') return [];
    const v = c.path.get(row);
    // Bulk API 2.0 writes datetimes in ISO form with `Z`.
    if (typeof v === 'string' && c.path.field.type === 'datetime') return [v.replace('+0000', 'Z')];
    return [v];
  });
}
