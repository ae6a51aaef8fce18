/**
 * The line layout of a dataset file, as `writeDataset` emits it and `readDataset` streams it:
 *
 *   {"format":"leadloop-sandbox/1","seed":42,"generatedAt":"2026-11-23T00:00:00.000Z",
 *   "users":[
 *   {"id":"005000000000001AAA",...},
 *   ...
 *   ],
 *   "companies":[
 *   ...
 *   ]}
 *
 * It is ordinary JSON, so any JSON tool reads it; one record per line lets a reader validate record by
 * record (`people[12].email: ...`) without holding the whole text in one string.
 */
import type { z } from 'zod';
import { SandboxDataset } from './dataset.ts';
import { formatDatasetIssues } from './dataset-errors.ts';
import { MAX_REPORTED_PROBLEMS } from './dataset-references.ts';

export const SECTIONS = ['users', 'companies', 'people', 'activities', 'opportunities'] as const;
type Section = (typeof SECTIONS)[number];

const Header = SandboxDataset.pick({ format: true, seed: true, generatedAt: true });
const ELEMENT = {
  users: SandboxDataset.shape.users.element,
  companies: SandboxDataset.shape.companies.element,
  people: SandboxDataset.shape.people.element,
  activities: SandboxDataset.shape.activities.element,
  opportunities: SandboxDataset.shape.opportunities.element,
} as const;
const SECTION_START = /^"([A-Za-z]+)":\[$/;

export type LineLayoutResult = { ok: true; dataset: SandboxDataset } | { ok: false; problems: string[] };

function isSection(name: string): name is Section {
  return (SECTIONS as readonly string[]).includes(name);
}

function parseJson(text: string, where: string, lineNo: number, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(
      `${where}: not valid JSON on line ${lineNo} (${err instanceof Error ? err.message : String(err)})`,
    );
    return undefined;
  }
}

/** Parses and validates the line layout record by record; stops after 50 problems. */
export async function readLineLayout(lines: AsyncIterable<string>): Promise<LineLayoutResult> {
  const problems: string[] = [];
  const sections: { [K in Section]?: z.infer<(typeof ELEMENT)[K]>[] } = {};
  let header: z.infer<typeof Header> | undefined;
  let current: Section | undefined;
  let lineNo = 0;
  let ended = false;
  for await (const line of lines) {
    lineNo += 1;
    if (problems.length >= MAX_REPORTED_PROBLEMS) break;
    if (line.trim() === '') continue;
    if (ended) {
      problems.push(`(root): unexpected text after the end of the dataset on line ${lineNo}`);
      break;
    }
    if (lineNo === 1) {
      const raw = parseJson(`${line.replace(/,$/, '')}}`, '(root)', lineNo, problems);
      const parsed = Header.safeParse(raw, { reportInput: true });
      if (parsed.success) header = parsed.data;
      else problems.push(...formatDatasetIssues(parsed.error.issues));
      continue;
    }
    if (current === undefined) {
      const name = SECTION_START.exec(line)?.[1] ?? '';
      if (!isSection(name)) {
        problems.push(
          `(root): expected a section like "people":[ on line ${lineNo}, got ${JSON.stringify(line.slice(0, 40))}`,
        );
        break;
      }
      if (sections[name] !== undefined) problems.push(`${name}: appears twice (line ${lineNo})`);
      sections[name] = [];
      current = name;
      continue;
    }
    if (line === ']' || line === '],' || line === ']}') {
      ended = line === ']}';
      current = undefined;
      continue;
    }
    const items = sections[current] ?? [];
    const where = `${current}[${items.length}]`;
    const raw = parseJson(line.replace(/,$/, ''), where, lineNo, problems);
    const parsed = ELEMENT[current].safeParse(raw, { reportInput: true });
    if (parsed.success) (items as unknown[]).push(parsed.data);
    else {
      problems.push(...formatDatasetIssues(parsed.error.issues, [current, items.length]));
      (items as unknown[]).push(undefined);
    }
  }
  if (problems.length === 0 && !ended)
    problems.push(`(root): the file ends early (line ${lineNo}), expected ]}`);
  for (const name of SECTIONS) {
    if (problems.length === 0 && sections[name] === undefined)
      problems.push(`${name}: required: expected a list`);
  }
  if (problems.length > 0 || header === undefined) return { ok: false, problems };
  return {
    ok: true,
    dataset: {
      ...header,
      users: sections.users ?? [],
      companies: sections.companies ?? [],
      people: sections.people ?? [],
      activities: sections.activities ?? [],
      opportunities: sections.opportunities ?? [],
    },
  };
}
