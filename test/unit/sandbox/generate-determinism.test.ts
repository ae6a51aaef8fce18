import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxDataset } from '../../../connectors/sandbox/dataset.ts';
import { writeDataset } from '../../../connectors/sandbox/dataset-io.ts';
import { generateDataset, startOfTodayUtc } from '../../../connectors/sandbox/generate.ts';
import { Prng } from '../../../connectors/sandbox/prng.ts';
import { salesforceId, toEighteen } from '../../../connectors/sandbox/salesforce-id.ts';

const NOW = new Date('2026-11-23T00:00:00.000Z');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function fileHash(people: number, seed: number, now = NOW): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-gen-'));
  dirs.push(dir);
  const file = join(dir, 'dataset.json');
  await writeDataset(file, generateDataset({ people, seed, now }));
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

describe('generateDataset determinism', () => {
  it('writes byte-identical files for the same seed and now', async () => {
    expect(await fileHash(3000, 42)).toBe(await fileHash(3000, 42));
  });

  it('differs for a different seed or a different now', async () => {
    const base = await fileHash(500, 42);
    expect(await fileHash(500, 43)).not.toBe(base);
    expect(await fileHash(500, 42, new Date('2026-11-24T00:00:00.000Z'))).not.toBe(base);
  });

  it('keeps users and companies stable when only the people count grows', () => {
    const small = generateDataset({ people: 1000, seed: 7, now: NOW });
    const large = generateDataset({ people: 1200, seed: 7, now: NOW });
    expect(large.companies.slice(0, 100).map((c) => c.name)).toEqual(
      small.companies.slice(0, 100).map((c) => c.name),
    );
    expect(large.users.slice(0, 5)).toEqual(small.users.slice(0, 5));
  });

  it('anchors on today 00:00 UTC when no now is given', () => {
    const dataset = generateDataset({ people: 10, seed: 1 });
    expect(dataset.generatedAt).toBe(startOfTodayUtc().toISOString());
  });

  it('produces a dataset the schema accepts, with every time inside [created, now]', () => {
    const dataset = SandboxDataset.parse(generateDataset({ people: 2000, seed: 5, now: NOW }));
    const now = NOW.getTime();
    for (const a of dataset.activities) {
      const t = Date.parse(a.occurredAt);
      expect(t).toBeLessThanOrEqual(now);
      expect(t).toBeGreaterThan(now - 181 * 86_400_000);
    }
    for (const p of dataset.people) {
      for (const side of [p.hubspot, p.salesforceLead, p.salesforceContact]) {
        if (side) expect(Date.parse(side.createdAt)).toBeLessThanOrEqual(Date.parse(side.updatedAt));
      }
    }
  });

  it('rejects impossible sizes and seeds with a clear message', () => {
    expect(() => generateDataset({ people: -1, seed: 1 })).toThrow(/people must be an integer/);
    expect(() => generateDataset({ people: 10, seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe('Prng and Salesforce ids', () => {
  it('repeats its sequence for a seed and separates nearby seeds', () => {
    const draw = (seed: number) => {
      const rng = new Prng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(2 ** 40 + 1)).not.toEqual(draw(1));
  });

  it('computes the 18-character suffix the way Salesforce does', () => {
    expect(toEighteen('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(salesforceId('005', 2)).toBe('005000000000002AAA');
    expect(salesforceId('005', 61)).toMatch(/^00500000000000z[A-Z0-5]{3}$/);
    expect(() => toEighteen('short')).toThrow(/15-character/);
  });
});
