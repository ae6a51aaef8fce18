/**
 * The config file as the admin page edits it: read the `fieldMappings` as written (before defaults and
 * `${ENV}` interpolation), validate candidate mappings with the loader's own zod schema, and write it back through
 * the yaml Document API so every comment survives. Mapping entries that did not change keep their nodes
 * (and the comments on them). Writes are atomic (temp file + rename), so a crash never leaves half a file.
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { isNode, isSeq, type Document } from 'yaml';
import { formatIssues, formatPath } from '../config/format-issues.ts';
import { readYaml } from '../config/read-yaml.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import { FieldMappings } from '../mapping/schema.ts';
import { ConfigError } from '../lib/errors.ts';
import { toFieldErrors, type FieldError } from './http-error.ts';

export interface ConfigDocument {
  readonly doc: Document;
  /** The whole config as written (no defaults, `${ENV}` references not yet replaced). */
  readonly raw: Record<string, unknown>;
}

export async function readConfigDocument(path: string): Promise<ConfigDocument> {
  const { doc, value: raw } = readYaml(await readFile(path, 'utf8'), path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError([`${path}: expected a mapping at the top level`]);
  return { doc, raw: { ...raw } };
}

export type CandidateResult = { ok: true; config: LeadloopConfig } | { ok: false; errors: FieldError[] };

/**
 * The running config with `fieldMappings` replaced. Values sent over HTTP are literals: they are merged into
 * the config already loaded (whose `${ENV}` references were replaced at startup) and never interpolated, so
 * a request cannot make leadloop read its own secrets into a CRM field or an error message.
 */
export function candidateConfig(loaded: LeadloopConfig, fieldMappings: unknown): CandidateResult {
  const references = envReferences(fieldMappings, ['fieldMappings']);
  if (references.length > 0) return { ok: false, errors: references };
  const parsed = FieldMappings.safeParse(fieldMappings, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ ...i, path: ['fieldMappings', ...i.path] }));
    return { ok: false, errors: toFieldErrors(formatIssues(issues, { values: 'masked' })) };
  }
  return { ok: true, config: { ...loaded, fieldMappings: parsed.data } };
}

/** Every key or string value holding `${`, by path: the config file's syntax, refused over HTTP. */
function envReferences(value: unknown, path: (string | number)[]): FieldError[] {
  const refused = (at: (string | number)[]): FieldError => ({
    path: formatPath(at),
    message:
      'values sent to the admin API are taken literally: "${" is refused here (environment references belong in the config file)',
  });
  if (typeof value === 'string') return value.includes('${') ? [refused(path)] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => envReferences(item, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k.includes('${') ? [refused([...path, k])] : []),
      ...envReferences(v, [...path, k]),
    ]);
  return [];
}

/** Replaces `fieldMappings` in the document, reusing the nodes of unchanged entries. */
export function setFieldMappings(doc: Document, fieldMappings: readonly unknown[]): void {
  const existing = doc.get('fieldMappings', true);
  const oldItems = isSeq(existing) ? [...existing.items] : [];
  const oldValues = oldItems.map((node) => (isNode(node) ? node.toJSON() : node));
  const used = new Set<number>();
  const items = fieldMappings.map((value) => {
    const i = oldValues.findIndex((old, j) => !used.has(j) && isDeepStrictEqual(old, value));
    if (i >= 0) {
      used.add(i);
      return oldItems[i];
    }
    return doc.createNode(value);
  });
  if (isSeq(existing)) existing.items = items;
  else doc.set('fieldMappings', doc.createNode(fieldMappings));
}

export async function writeConfigDocument(path: string, doc: Document): Promise<void> {
  const mode = (await stat(path)).mode & 0o777;
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, doc.toString({ lineWidth: 0 }), { encoding: 'utf8', mode });
  await rename(temp, path);
}
