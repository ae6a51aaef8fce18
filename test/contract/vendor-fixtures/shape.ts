/**
 * Shape comparison of a documented vendor answer with a sandbox answer. A level is a path to the objects
 * whose keys the connector reads: '' (the root), 'results[]', 'results[].properties', '[]' (the elements of
 * a root array), 'errors[].errors[]'. At every level, each key the documented answer has must be in the
 * sandbox answer with the same JSON type. Extra keys on either side are fine. Map levels (keys that are
 * data, such as a record's property names) compare the type of their values only, under the key '*'.
 */

export type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

export interface ShapeOptions {
  readonly levels: readonly string[];
  readonly maps?: readonly string[];
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  return 'object';
}

function segments(level: string): string[] {
  if (level === '') return [];
  return level.split('.').flatMap((part) => {
    const arrays = /(\[\])+$/.exec(part)?.[0] ?? '';
    const key = part.slice(0, part.length - arrays.length);
    return [...(key === '' ? [] : [key]), ...Array.from({ length: arrays.length / 2 }, () => '[]')];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === 'object';
}

/** The values found at `level` (array steps flatten every element). */
export function nodesAt(root: unknown, level: string): unknown[] {
  let nodes: unknown[] = [root];
  for (const seg of segments(level)) {
    nodes =
      seg === '[]'
        ? nodes.flatMap((n) => (Array.isArray(n) ? n : []))
        : nodes.flatMap((n) => (isRecord(n) && seg in n ? [n[seg]] : []));
  }
  return nodes;
}

/** key → the JSON types it takes across every object at `level`. */
export function shapeOf(root: unknown, level: string, asMap = false): Map<string, Set<JsonType>> {
  const shape = new Map<string, Set<JsonType>>();
  for (const node of nodesAt(root, level)) {
    if (!isRecord(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      const name = asMap ? '*' : key;
      const types = shape.get(name) ?? new Set<JsonType>();
      types.add(jsonType(value));
      shape.set(name, types);
    }
  }
  return shape;
}

const join = (level: string, key: string): string => (level === '' ? key : `${level}.${key}`);
const list = (types: ReadonlySet<JsonType>): string => [...types].sort().join('|');

/**
 * What the sandbox answer lacks, one line per problem, sorted: `path: missing`, `path: documented T,
 * sandbox U`, or `level: no object here in the sandbox answer`. A documented `null` says nothing about
 * the type, so only presence is checked for it.
 */
export function sameShape(documented: unknown, actual: unknown, options: ShapeOptions): string[] {
  const problems: string[] = [];
  const maps = new Set(options.maps ?? []);
  for (const level of options.levels) {
    const asMap = maps.has(level);
    const want = shapeOf(documented, level, asMap);
    if (want.size === 0) continue;
    const have = shapeOf(actual, level, asMap);
    if (have.size === 0) {
      problems.push(`${level || '(root)'}: no object here in the sandbox answer`);
      continue;
    }
    for (const [key, wantTypes] of want) {
      const path = join(level, key);
      const haveTypes = have.get(key);
      if (!haveTypes) {
        problems.push(`${path}: missing`);
        continue;
      }
      const wanted = new Set([...wantTypes].filter((t) => t !== 'null'));
      const had = new Set([...haveTypes].filter((t) => t !== 'null'));
      if (wanted.size === 0) continue;
      if (![...wanted].some((t) => had.has(t))) {
        problems.push(`${path}: documented ${list(wanted)}, sandbox ${had.size > 0 ? list(had) : 'null'}`);
      }
    }
  }
  return problems.sort();
}
