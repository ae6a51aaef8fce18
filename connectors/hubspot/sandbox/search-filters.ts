/**
 * Compiles CRM search filters into row predicates, with HubSpot's semantics
 * (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm): filters in a group are
 * ANDed, groups ORed; dates compare as epoch ms (ms strings or ISO accepted); enumerations match
 * case-sensitively; string IN/NOT_IN values are expected lower-case.
 */
import { validationError } from './http-errors.ts';
import type { ObjectRow } from './object-row.ts';
import type { ObjectStore } from './object-store.ts';
import type { PropertyDefinition } from './property-types.ts';
import { comparableOf, toEpochMs, type Comparable } from './property-values.ts';

export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

export type RowPredicate = (row: ObjectRow) => boolean;

/** Reads a property as a comparable value; system dates and ids come straight from the row (fast path). */
export function comparableReader(store: ObjectStore, name: string): (row: ObjectRow) => Comparable | null {
  const { createdProp, modifiedProp, catalog } = store.config;
  if (name === 'hs_object_id') return (row) => row.id;
  if (name === createdProp) return (row) => row.createdMs;
  if (name === modifiedProp) return (row) => row.updatedMs;
  const def = catalog.get(name);
  return (row) => {
    const raw = row.props[name];
    return raw === undefined ? null : comparableOf(def, raw);
  };
}

function operand(
  def: PropertyDefinition | undefined,
  name: string,
  raw: string | undefined,
  field: string,
): Comparable {
  if (raw === undefined || raw === null) throw validationError(`Filter on ${name} requires "${field}"`);
  const text = String(raw);
  if (def && (def.type === 'date' || def.type === 'datetime')) {
    const ms = toEpochMs(text);
    if (!Number.isFinite(ms)) throw validationError(`${text} is not a valid date for ${name}`);
    return ms;
  }
  if (def && def.type === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n)) throw validationError(`${text} is not a valid number for ${name}`);
    return n;
  }
  return comparableOf(def, text);
}

function tokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

function tokenMatcher(pattern: string): (value: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (value) => tokens(value).includes(lower) || value.toLowerCase() === lower;
  const re = new RegExp(
    `^${lower
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (value) => re.test(value.toLowerCase()) || tokens(value).some((t) => re.test(t));
}

export function compileFilter(store: ObjectStore, filter: SearchFilter): RowPredicate {
  const name = filter.propertyName;
  const def = store.config.catalog.get(name);
  if (!def) throw validationError(`Unable to search on property ${name}: it does not exist`);
  const read = comparableReader(store, name);
  const op = filter.operator;
  switch (op) {
    case 'HAS_PROPERTY':
      return (row) => read(row) !== null;
    case 'NOT_HAS_PROPERTY':
      return (row) => read(row) === null;
    case 'EQ':
    case 'NEQ': {
      const want = operand(def, name, filter.value, 'value');
      return op === 'EQ' ? (row) => read(row) === want : (row) => read(row) !== want;
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const want = operand(def, name, filter.value, 'value');
      const test = {
        LT: (v: Comparable) => v < want,
        LTE: (v: Comparable) => v <= want,
        GT: (v: Comparable) => v > want,
        GTE: (v: Comparable) => v >= want,
      }[op];
      return (row) => {
        const v = read(row);
        return v !== null && test(v);
      };
    }
    case 'BETWEEN': {
      const low = operand(def, name, filter.value, 'value');
      const high = operand(def, name, filter.highValue, 'highValue');
      return (row) => {
        const v = read(row);
        return v !== null && v >= low && v <= high;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!Array.isArray(filter.values)) throw validationError(`Filter ${op} on ${name} requires "values"`);
      // String values are matched against the lower-cased stored value, as HubSpot documents.
      const set = new Set<Comparable>(
        filter.values.map((v) =>
          def.type === 'string' ? String(v) : operand(def, name, String(v), 'values'),
        ),
      );
      return op === 'IN'
        ? (row) => {
            const v = read(row);
            return v !== null && set.has(v);
          }
        : (row) => {
            const v = read(row);
            return v === null || !set.has(v);
          };
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      if (filter.value === undefined) throw validationError(`Filter ${op} on ${name} requires "value"`);
      const match = tokenMatcher(String(filter.value));
      const has = (row: ObjectRow): boolean => {
        const raw = store.valueOf(row, name);
        return raw !== null && match(raw);
      };
      return op === 'CONTAINS_TOKEN' ? has : (row) => !has(row);
    }
  }
}
