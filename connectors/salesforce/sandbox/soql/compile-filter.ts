/**
 * Turns a parsed WHERE clause into a row predicate, checking each literal against the field's type the
 * way Salesforce does (quoted strings for text, bare numbers/booleans/dates otherwise, well-formed ids).
 * Text comparisons and LIKE are case-insensitive; `!=` and NOT IN keep nulls, as in SOQL.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 */
import type { FieldDef, SfFieldType, SfValue } from '../catalog/field-def.ts';
import { isIdShaped, to18 } from '../ids.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import type { Condition, Literal } from './ast.ts';
import { resolvePath, type QuerySource, type ResolvedPath } from './resolve-path.ts';
import { soqlError } from './soql-error.ts';

export type Predicate = (row: Row) => boolean;

const TEXT_TYPES = new Set<SfFieldType>([
  'string',
  'email',
  'phone',
  'url',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
]);
const NUMBER_TYPES = new Set<SfFieldType>(['double', 'int', 'currency', 'percent']);
const ID_TYPES = new Set<SfFieldType>(['id', 'reference']);

/** The comparable form of a value: lower-cased text, 18-char ids, numbers, booleans, date strings. */
type Key = string | number | boolean | null;

export function isTextType(type: SfFieldType): boolean {
  return TEXT_TYPES.has(type);
}

export function valueKey(field: FieldDef, value: SfValue): Key {
  if (value === null) return null;
  if (TEXT_TYPES.has(field.type) && typeof value === 'string') return value.toLowerCase();
  return value;
}

const typeName: Partial<Record<SfFieldType, string>> = {
  datetime: 'dateTime',
  double: 'double',
  int: 'integer',
  currency: 'currency',
  percent: 'percent',
  boolean: 'boolean',
  date: 'date',
};

function literalKey(soql: string, field: FieldDef, lit: Literal, forLike: boolean): Key {
  if (lit.kind === 'null') return null;
  const wrongType = (quoted: boolean) =>
    soqlError(
      'INVALID_FIELD',
      soql,
      lit.pos,
      `value of filter criterion for field '${field.name}' must be of type ${typeName[field.type] ?? 'string'} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    );
  if (field.type === 'complexvalue')
    throw soqlError(
      'INVALID_FIELD',
      soql,
      lit.pos,
      `field '${field.name}' can not be filtered in a query call`,
    );
  if (TEXT_TYPES.has(field.type) || ID_TYPES.has(field.type)) {
    if (lit.kind !== 'string') throw wrongType(true);
    if (forLike) return lit.value;
    const plain = lit.value.replace(/\\([%_])/g, '$1');
    if (ID_TYPES.has(field.type)) {
      if (plain === '') return null;
      if (!isIdShaped(plain))
        throw soqlError('INVALID_QUERY_FILTER_OPERATOR', soql, lit.pos, `invalid ID field: ${plain}`);
      return to18(plain);
    }
    return plain.toLowerCase();
  }
  if (NUMBER_TYPES.has(field.type)) {
    if (lit.kind !== 'number') throw wrongType(false);
    return lit.value;
  }
  if (field.type === 'boolean') {
    if (lit.kind !== 'boolean') throw wrongType(false);
    return lit.value;
  }
  if (field.type === 'date') {
    if (lit.kind !== 'date') throw wrongType(false);
    return lit.value;
  }
  if (lit.kind !== 'datetime') throw wrongType(false);
  return lit.value;
}

function likeRegex(pattern: string): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      src += `\\${pattern[i + 1] as string}`;
      i++;
    } else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'i');
}

function compare(op: string, a: Key, b: Key): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    default:
      if (a === null || b === null) return false;
      if (op === '<') return a < b;
      if (op === '<=') return a <= b;
      if (op === '>') return a > b;
      return a >= b;
  }
}

export interface CompileContext {
  source: QuerySource;
  table: SObjectTable;
  soql: string;
}

function checkFilterable(ctx: CompileContext, path: ResolvedPath, pos: number): void {
  if (path.field.type === 'textarea' && path.field.length > 255) {
    throw soqlError(
      'INVALID_FIELD',
      ctx.soql,
      pos,
      `field '${path.field.name}' can not be filtered in a query call`,
    );
  }
}

export function compileFilter(ctx: CompileContext, cond: Condition): Predicate {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.items.map((c) => compileFilter(ctx, c));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = cond.items.map((c) => compileFilter(ctx, c));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compileFilter(ctx, cond.item);
      return (row) => !inner(row);
    }
    case 'in': {
      const path = resolvePath(ctx.source, ctx.table, cond.field, ctx.soql);
      checkFilterable(ctx, path, cond.field.pos);
      const set = new Set(cond.values.map((v) => literalKey(ctx.soql, path.field, v, false)));
      const field = path.field;
      return cond.negate
        ? (row) => !set.has(valueKey(field, path.get(row)))
        : (row) => set.has(valueKey(field, path.get(row)));
    }
    case 'compare': {
      const path = resolvePath(ctx.source, ctx.table, cond.field, ctx.soql);
      checkFilterable(ctx, path, cond.field.pos);
      const field = path.field;
      if (cond.op === 'like') {
        if (!TEXT_TYPES.has(field.type) && !ID_TYPES.has(field.type)) {
          throw soqlError(
            'INVALID_FIELD',
            ctx.soql,
            cond.pos,
            `invalid operator on ${typeName[field.type] ?? field.type} field: LIKE`,
          );
        }
        const pattern = literalKey(ctx.soql, field, cond.value, true);
        if (typeof pattern !== 'string') return () => false;
        const re = likeRegex(pattern);
        return (row) => {
          const v = path.get(row);
          return typeof v === 'string' && re.test(v);
        };
      }
      const b = literalKey(ctx.soql, field, cond.value, false);
      const op = cond.op;
      return (row) => compare(op, valueKey(field, path.get(row)), b);
    }
  }
}
