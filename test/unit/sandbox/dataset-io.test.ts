import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDataset } from '../../../connectors/sandbox/dataset.ts';
import { DatasetError } from '../../../connectors/sandbox/dataset-errors.ts';
import { readDataset, writeDataset } from '../../../connectors/sandbox/dataset-io.ts';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';

let dir = '';
const dataset = generateDataset({ people: 300, seed: 9, now: new Date('2026-11-23T00:00:00.000Z') });
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-io-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function problemsOf(file: string): Promise<readonly string[]> {
  const err = await readDataset(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetError);
  return err instanceof DatasetError ? err.problems : [];
}

function withPerson(i: number, patch: Record<string, unknown>): unknown {
  const copy: { people: unknown[] } = structuredClone(dataset);
  copy.people[i] = { ...(copy.people[i] as object), ...patch };
  return copy;
}

describe('dataset files', () => {
  it('round-trips: export, read back, export again gives the same bytes', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'nested', 'b.json');
    await writeDataset(a, dataset);
    const back = await readDataset(a);
    expect(back).toEqual(dataset);
    await writeDataset(b, back);
    expect(await readFile(b, 'utf8')).toBe(await readFile(a, 'utf8'));
  });

  it('writes plain JSON, one record per line', async () => {
    const file = join(dir, 'lines.json');
    await writeDataset(file, dataset);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(dataset)));
    expect(text.split('\n').length).toBeGreaterThan(dataset.people.length + dataset.activities.length);
  });

  it('reads a pretty-printed snapshot and applies schema defaults', async () => {
    const file = join(dir, 'pretty.json');
    const minimal = {
      format: 'leadloop-sandbox/1',
      generatedAt: '2026-11-01T00:00:00.000Z',
      users: [{ id: '005000000000001AAA', name: 'Ana Owner', email: 'ana@example.org' }],
      companies: [],
      people: [
        {
          key: 'me',
          lastName: 'Admin',
          email: 'me@example.org',
          hubspot: { createdAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-10-02T00:00:00.000Z' },
        },
      ],
      activities: [],
      opportunities: [],
    };
    await writeFile(file, JSON.stringify(minimal, null, 2));
    const read = await readDataset(file);
    expect(read.people[0]?.optedOutOfEmail).toBe(false);
    expect(read.people[0]?.hubspot?.properties).toEqual({});
    expect(read.users[0]?.isActive).toBe(true);
  });

  it('names the JSON path of a wrong type, in both layouts', async () => {
    const pretty = join(dir, 'bad-pretty.json');
    await writeFile(pretty, JSON.stringify(withPerson(12, { email: 5 }), null, 2));
    expect(await problemsOf(pretty)).toEqual(['people[12].email: expected a string, got 5']);

    const lines = join(dir, 'bad-lines.json');
    await writeDataset(lines, withPerson(12, { email: 5 }) as SandboxDataset);
    expect(await problemsOf(lines)).toEqual(['people[12].email: expected a string, got 5']);
  });

  it('reports unknown keys and missing required fields with their paths', async () => {
    const file = join(dir, 'bad-keys.json');
    const broken = withPerson(3, { lastName: undefined, favouriteColour: 'teal' });
    await writeFile(file, JSON.stringify(broken));
    expect(await problemsOf(file)).toEqual([
      'people[3].lastName: required: expected a string',
      'people[3].favouriteColour: unknown key',
    ]);
  });

  it('reports broken cross-references', async () => {
    const file = join(dir, 'bad-refs.json');
    const broken = structuredClone(dataset);
    const activity = broken.activities[0];
    if (activity) activity.personKey = 'nobody';
    const person = broken.people.find((p) => p.salesforceLead);
    if (person?.salesforceLead) person.salesforceLead.ownerId = '005000000000zzzAAA';
    await writeDataset(file, broken);
    const problems = await problemsOf(file);
    expect(problems).toContain('activities[0].personKey: unknown person "nobody"');
    expect(problems.some((p) => /salesforceLead\.ownerId: unknown user "005000000000zzzAAA"/.test(p))).toBe(
      true,
    );
  });

  it('says what is wrong with a file that is not JSON, truncated, or missing', async () => {
    const notJson = join(dir, 'not-json.json');
    await writeFile(notJson, '{"format": oops');
    expect((await problemsOf(notJson))[0]).toMatch(/^\(root\): not valid JSON/);

    const full = join(dir, 'full.json');
    await writeDataset(full, dataset);
    const truncated = join(dir, 'truncated.json');
    const text = await readFile(full, 'utf8');
    await writeFile(truncated, text.slice(0, text.indexOf('"activities":[')));
    expect(await problemsOf(truncated)).toEqual([expect.stringMatching(/^\(root\): the file ends early/)]);

    expect(await problemsOf(join(dir, 'absent.json'))).toEqual(['cannot read the file (ENOENT)']);
  });
});
