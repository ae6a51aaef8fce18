/**
 * YAML text to plain data for leadloop's own files, bounded: an alias bomb (a few lines that expand to
 * millions of nodes) or nesting no config needs ends in a `ConfigError` naming the file, never a stack
 * trace, a hung process or a 500.
 */
import { parseDocument, type Document } from 'yaml';
import { ConfigError } from '../lib/errors.ts';

/** Aliases one document may resolve; yaml's own default, stated so the message can name it. */
export const MAX_ALIASES = 100;
/** No leadloop config goes deeper than about ten levels; 64 leaves room and stops absurd nesting early. */
export const MAX_DEPTH = 64;

export interface YamlFile {
  readonly doc: Document;
  readonly value: unknown;
}

export function readYaml(text: string, source: string): YamlFile {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) =>
        e.code === 'RESOURCE_EXHAUSTION'
          ? `${source}: YAML nested too deeply to read (line ${e.linePos?.[0]?.line ?? '?'}); a config needs no more than ${MAX_DEPTH} levels`
          : `${source}: YAML syntax: ${e.message.split('\n')[0] ?? e.message}`,
      ),
      { source },
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // yaml throws a ReferenceError when aliases expand past the limit: the shape of a billion-laughs file.
    const why = err instanceof ReferenceError ? `more than ${MAX_ALIASES} alias expansions` : String(err);
    throw new ConfigError([`${source}: YAML refused: ${why}; write the values out instead of aliasing`], {
      source,
    });
  }
  const depth = depthOf(value);
  if (depth > MAX_DEPTH)
    throw new ConfigError([`${source}: YAML nested deeper than ${MAX_DEPTH} levels`], { source });
  return { doc, value };
}

/** Nesting depth without recursion, stopping as soon as it passes the limit. */
function depthOf(root: unknown): number {
  const stack: [unknown, number][] = [[root, 0]];
  let deepest = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    if (value !== null && typeof value === 'object')
      for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}
