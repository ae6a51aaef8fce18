/**
 * Bad-config campaign: seeded mutations of the example config (config-mutations.ts), each accepted or
 * refused with one line per problem that names where; never a crash, a stack trace or a hang. CI runs
 * 200 mutations; `npm run test:reliability` runs 1,000 (LEADLOOP_CAMPAIGN=full). A few mutated files also
 * go through the real `leadloop config validate` for its exit code.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { ConfigError, LeadloopError } from '../../src/lib/errors.ts';
import { compileModel } from '../../src/scoring/compile-model.ts';
import { mutate, type Mutation } from './config-mutations.ts';

const FULL = process.env['LEADLOOP_CAMPAIGN'] === 'full';
const COUNT = FULL ? 1_000 : 200;
const SEED = 11;
const CLI_SAMPLE = 6;
const EXAMPLE_FILE = new URL('../../config/leadloop.example.yaml', import.meta.url).pathname;
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const run = promisify(execFile);

/** A problem line starts with where (a config path like `a.b[0].c`, or the source) and a colon; never an error class. */
const NAMES_WHERE = /^(?!(Type|Reference|Range|Syntax)?Error\b)[^\s:](?:[^:\n]|:(?! ))*: \S/;
const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

type Outcome = 'accepted' | 'refused';

function tryMutation(m: Mutation): Outcome {
  let config;
  try {
    config = parseConfig(m.text, {});
  } catch (err) {
    if (!(err instanceof ConfigError)) throw new Error(`${m.what}: threw ${String(err)}`, { cause: err });
    const unnamed = err.problems.find((line) => !NAMES_WHERE.test(line) || line.length > 2_000);
    if (unnamed !== undefined)
      throw new Error(`${m.what}: problem not naming where, or too long: ${unnamed.slice(0, 200)}`, {
        cause: err,
      });
    return 'refused';
  }
  try {
    compileModel(config.scoring, { explanationLength: config.fields.explanationLength });
  } catch (err) {
    // An accepted config must compile, or fail as a named leadloop error: never a TypeError.
    if (!(err instanceof LeadloopError))
      throw new Error(`${m.what}: model compile threw ${String(err)}`, { cause: err });
    return 'refused';
  }
  return 'accepted';
}

describe(`bad configs: ${COUNT} seeded mutations of the example`, () => {
  let base: string;
  let dir: string;
  beforeAll(async () => {
    base = await readFile(EXAMPLE_FILE, 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'leadloop-mutations-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('each is accepted or refused with problems naming where', () => {
    const tally: Record<Outcome, number> = { accepted: 0, refused: 0 };
    for (let n = 0; n < COUNT; n++) tally[tryMutation(mutate(base, SEED, n))]++;
    process.stdout.write(
      `bad configs: ${COUNT} tried, ${tally.refused} refused with named problems, ${tally.accepted} accepted, 0 crashes\n`,
    );
    expect(tally.accepted + tally.refused).toBe(COUNT);
    // A campaign that never refuses is not mutating anything that matters.
    expect(tally.refused).toBeGreaterThan(COUNT / 2);
  }, 120_000);

  it('the CLI exits 0 or 2, with no stack trace', async () => {
    for (let n = 0; n < CLI_SAMPLE; n++) {
      const m = mutate(base, SEED, n);
      const file = join(dir, `mutation-${n}.yaml`);
      await writeFile(file, m.text);
      const expected = tryMutation(m) === 'accepted' ? 0 : 2;
      let code = 0;
      let stderr = '';
      try {
        await run(process.execPath, [bin, 'config', 'validate', file], { timeout: 30_000 });
      } catch (err) {
        const e = err as { code: number; stderr: string };
        code = e.code;
        stderr = e.stderr;
      }
      expect({ what: m.what, code }).toEqual({ what: m.what, code: expected });
      expect(stderr).not.toMatch(STACK_FRAME);
    }
  }, 120_000);
});
