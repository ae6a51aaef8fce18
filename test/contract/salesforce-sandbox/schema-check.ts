/**
 * A small JSON Schema (draft-07 subset) checker for the describe fidelity test: `$ref` into
 * `definitions`, `type` (incl. arrays of types), `required`, `properties`, `items`, `anyOf`, `enum`.
 * Returns one line per violation, each with its JSON path.
 */
type Schema = { [key: string]: unknown };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function checkSchema(root: Schema, value: unknown, schema: Schema = root, path = '$'): string[] {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/definitions/', '');
    return checkSchema(root, value, (root['definitions'] as Record<string, Schema>)[name] ?? {}, path);
  }
  const anyOf = schema['anyOf'] as Schema[] | undefined;
  if (anyOf) {
    const results = anyOf.map((s) => checkSchema(root, value, s, path));
    return results.some((r) => r.length === 0) ? [] : (results[0] ?? [`${path}: matches no anyOf branch`]);
  }
  const errors: string[] = [];
  const type = schema['type'];
  if (type !== undefined) {
    const allowed = Array.isArray(type) ? (type as string[]) : [type as string];
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) {
      return [`${path}: expected ${allowed.join('|')}, got ${actual}`];
    }
  }
  const en = schema['enum'] as unknown[] | undefined;
  if (en && !en.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of (schema['required'] as string[] | undefined) ?? [])
      if (!(key in obj)) errors.push(`${path}.${key}: required`);
    const props = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [key, sub] of Object.entries(props))
      if (key in obj) errors.push(...checkSchema(root, obj[key], sub, `${path}.${key}`));
  }
  if (Array.isArray(value) && schema['items']) {
    value.forEach((item, i) =>
      errors.push(...checkSchema(root, item, schema['items'] as Schema, `${path}[${i}]`)),
    );
  }
  return errors;
}
