/**
 * Reads and writes sandbox datasets (`--data FILE`, `--export FILE`). Files are plain JSON. The writer
 * puts one record per line, which keeps a million-person world streamable (no single giant string) and
 * diffable; the reader streams that layout line by line and parses anything else (e.g. an admin's
 * pretty-printed snapshot) whole. Every problem names its JSON path: `people[12].email: expected a string`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { SandboxDataset } from './dataset.ts';
import { DatasetError, formatDatasetIssues } from './dataset-errors.ts';
import { checkDatasetReferences } from './dataset-references.ts';
import { readLineLayout, SECTIONS } from './dataset-lines.ts';

/** V8 cannot hold one string much above 512 MB; larger files must use the line layout the writer emits. */
const WHOLE_FILE_LIMIT = 400 * 1024 * 1024;
const FLUSH_AT = 1 << 20;

/** Validates an already-parsed dataset (schema, then cross-references); throws `DatasetError`. */
export function validateDataset(raw: unknown, source = 'dataset'): SandboxDataset {
  const parsed = SandboxDataset.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new DatasetError(source, formatDatasetIssues(parsed.error.issues));
  const problems = checkDatasetReferences(parsed.data);
  if (problems.length > 0) throw new DatasetError(source, problems);
  return parsed.data;
}

/** The line layout starts with a header line holding only the scalar keys: `{"format":...,"generatedAt":...,`. */
async function startsWithLineLayout(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')));
    return firstLine.startsWith('{"format":') && firstLine.endsWith(',') && !firstLine.includes('[');
  } finally {
    await handle.close();
  }
}

export async function readDataset(file: string): Promise<SandboxDataset> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new DatasetError(file, [
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  if (await startsWithLineLayout(file)) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    const result = await readLineLayout(lines);
    if (!result.ok) throw new DatasetError(file, result.problems);
    const problems = checkDatasetReferences(result.dataset);
    if (problems.length > 0) throw new DatasetError(file, problems);
    return result.dataset;
  }
  if (size > WHOLE_FILE_LIMIT) {
    throw new DatasetError(file, [
      `(root): ${Math.round(size / 1e6)} MB is too large to parse in one piece; write it one record per line ` +
        'as `leadloop sandbox --export` does (see connectors/sandbox/README.md)',
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(file, [
      `(root): not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  return validateDataset(raw, file);
}

/**
 * Writes the dataset as JSON with one record per line (see `dataset-lines.ts`), honouring stream
 * back-pressure so memory stays flat however large the world is. Same dataset, same bytes.
 */
export async function writeDataset(file: string, dataset: SandboxDataset): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file, 'utf8');
  const failed = once(out, 'error').then(([err]) => {
    throw err;
  });
  failed.catch(() => undefined);
  let buffer = '';
  const flush = async (): Promise<void> => {
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  const { users, companies, people, activities, opportunities, ...header } = dataset;
  buffer += `${JSON.stringify(header).slice(0, -1)},\n`;
  const sections = { users, companies, people, activities, opportunities };
  for (const [n, name] of SECTIONS.entries()) {
    const items: readonly unknown[] = sections[name];
    buffer += `"${name}":[\n`;
    for (let i = 0; i < items.length; i += 1) {
      buffer += `${JSON.stringify(items[i])}${i < items.length - 1 ? ',' : ''}\n`;
      if (buffer.length >= FLUSH_AT) await flush();
    }
    buffer += n < SECTIONS.length - 1 ? '],\n' : ']}\n';
  }
  out.end(buffer);
  await Promise.race([once(out, 'finish'), failed]);
}
