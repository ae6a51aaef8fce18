/**
 * Seeded mutations of the example config, for the bad-config campaign: structural ones on the parsed
 * document (a key dropped, a value of the wrong type, an unknown key, a list emptied or doubled) and raw
 * ones on the text (truncated, a character inserted, lines swapped or re-indented). Each mutation says what
 * it did, so a failure names the input that caused it.
 */
import { isMap, parseDocument } from 'yaml';
import { Prng } from '../../connectors/sandbox/prng.ts';

export interface Mutation {
  readonly text: string;
  readonly what: string;
}

type Path = (string | number)[];

const WRONG_VALUES: readonly unknown[] = [
  null,
  '',
  'ten',
  -1,
  0,
  1e308,
  3.5,
  true,
  [],
  {},
  ['x', 1],
  { unexpected: 1 },
  'x'.repeat(100_000),
  '\u0000\u0007\u202e💥',
  '=HYPERLINK("http://evil")',
  '${NOT_SET_ANYWHERE}',
  '((((',
  '2026-13-45',
  '*/0 * * * *',
];

function allPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) allPaths(v, [...path, k], out);
  return out;
}

function structural(base: string, random: Prng): Mutation {
  const doc = parseDocument(base);
  const paths = allPaths(doc.toJS()).filter((p) => p.length > 0);
  const path = random.pick(paths);
  const where = path.join('.');
  const kind = random.int(5);
  if (kind === 0) {
    doc.deleteIn(path);
    return { text: doc.toString(), what: `deleted ${where}` };
  }
  if (kind === 1) {
    const value = random.pick(WRONG_VALUES);
    doc.setIn(path, doc.createNode(value));
    const shown = JSON.stringify(value);
    return { text: doc.toString(), what: `set ${where} to ${(shown ?? 'undefined').slice(0, 40)}` };
  }
  if (kind === 2) {
    const parent = path.slice(0, -1);
    const node: unknown = parent.length === 0 ? doc.contents : doc.getIn(parent, true);
    if (isMap(node)) {
      doc.setIn([...parent, 'unknownSetting'], 1);
      return { text: doc.toString(), what: `added unknownSetting beside ${where}` };
    }
    doc.setIn(path, doc.createNode([]));
    return { text: doc.toString(), what: `emptied ${where}` };
  }
  if (kind === 3) {
    const value: unknown = doc.getIn(path);
    doc.setIn(
      path,
      doc.createNode(Array.isArray(value) ? [...(value as unknown[]), ...(value as unknown[])] : [value]),
    );
    return { text: doc.toString(), what: `doubled or listed ${where}` };
  }
  const held: unknown = doc.getIn(path);
  const flipped = typeof held === 'number' ? String(held) : typeof held === 'boolean' ? 'yes' : 42;
  doc.setIn(path, doc.createNode(flipped));
  return { text: doc.toString(), what: `flipped the type of ${where}` };
}

function raw(base: string, random: Prng): Mutation {
  const lines = base.split('\n');
  const kind = random.int(5);
  if (kind === 0) {
    const at = random.int(base.length);
    return { text: base.slice(0, at), what: `truncated at character ${at}` };
  }
  if (kind === 1) {
    const at = random.int(base.length);
    const ch = random.pick([':', '-', '{', '[', '"', "'", '\t', '&a', '*a', '#', '\u0000', '%', '!!binary ']);
    return { text: base.slice(0, at) + ch + base.slice(at), what: `inserted ${JSON.stringify(ch)} at ${at}` };
  }
  if (kind === 2) {
    const i = random.int(lines.length);
    const j = random.int(lines.length);
    const swapped = [...lines];
    [swapped[i], swapped[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return { text: swapped.join('\n'), what: `swapped lines ${i + 1} and ${j + 1}` };
  }
  if (kind === 3) {
    const i = random.int(lines.length);
    const indented = lines.map((l, n) => (n === i ? `   ${l}` : l));
    return { text: indented.join('\n'), what: `re-indented line ${i + 1}` };
  }
  const i = random.int(lines.length);
  const repeated = [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)];
  return { text: repeated.join('\n'), what: `repeated line ${i + 1}` };
}

/** Mutation number `n` of the campaign seeded `seed`: the same pair always gives the same text. */
export function mutate(base: string, seed: number, n: number): Mutation {
  const random = new Prng(seed * 1_000_003 + n);
  return random.chance(0.6) ? structural(base, random) : raw(base, random);
}
