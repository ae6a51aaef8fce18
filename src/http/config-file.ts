/**
 * The config file as the admin page edits it: read the `fieldMappings` as written (before defaults and
 * `${ENV}` interpolation), validate a candidate with the loader's own zod schema, and write it back through
 * the yaml Document API so every comment survives. Mapping entries that did not change keep their nodes
 * (and the comments on them). Writes are atomic (temp file + rename), so a crash never leaves half a file.
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { isNode, isSeq, parseDocument, type Document } from 'yaml';
import { formatIssues } from '../config/format-issues.ts';
import { interpolateEnv } from '../config/load.ts';
import { LeadloopConfig } from '../config/schema.ts';
import { ConfigError } from '../lib/errors.ts';
import { toFieldErrors, type FieldError } from './http-error.ts';

export interface ConfigDocument {
  readonly doc: Document;
  /** The whole config as written (no defaults, `${ENV}` references not yet replaced). */
  readonly raw: Record<string, unknown>;
}

export async function readConfigDocument(path: string): Promise<ConfigDocument> {
  const doc = parseDocument(await readFile(path, 'utf8'));
  if (doc.errors.length > 0)
    throw new ConfigError(
      doc.errors.map((e) => `${path}: YAML syntax: ${e.message.split('\n')[0] ?? ''}`),
      { source: path },
    );
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError([`${path}: expected a mapping at the top level`]);
  return { doc, raw: { ...raw } };
}

export type CandidateResult = { ok: true; config: LeadloopConfig } | { ok: false; errors: FieldError[] };

/** The config with `fieldMappings` replaced, validated exactly as `leadloop` would load it. */
export function candidateConfig(
  current: ConfigDocument,
  fieldMappings: unknown,
  env: NodeJS.ProcessEnv = process.env,
): CandidateResult {
  const problems: string[] = [];
  const raw = interpolateEnv({ ...current.raw, fieldMappings }, env, [], problems);
  if (problems.length > 0) return { ok: false, errors: toFieldErrors(problems) };
  const parsed = LeadloopConfig.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: toFieldErrors(formatIssues(parsed.error.issues)) };
  return { ok: true, config: parsed.data };
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
