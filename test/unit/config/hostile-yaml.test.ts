/**
 * Config files an attacker or an accident could hand leadloop: an alias bomb, absurd nesting, credentials
 * inside a URL. Each ends in a ConfigError naming the file and what is wrong, and no credential is printed.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { MAX_DEPTH } from '../../../src/config/read-yaml.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

const example = await readFile(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, {}, 'leadloop.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** Nine aliases per level, seven levels: about 4.8 million strings once expanded. */
const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefg'.split('').map((name, i) => {
    const prev = 'abcdefg'[i] ?? 'a';
    return `${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`;
  }),
].join('\n');

describe('hostile config files', () => {
  it('refuses an alias bomb with one line naming the file', () => {
    const started = Date.now();
    expect(problemsOf(BOMB)).toEqual([
      'leadloop.yaml: YAML refused: more than 100 alias expansions; write the values out instead of aliasing',
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses nesting deeper than any config needs', () => {
    const deep = `${example}\nextra: ${'['.repeat(MAX_DEPTH + 5)}1${']'.repeat(MAX_DEPTH + 5)}\n`;
    expect(problemsOf(deep)).toEqual([`leadloop.yaml: YAML nested deeper than ${MAX_DEPTH} levels`]);
  });

  it('refuses nesting the YAML parser itself cannot follow, without a stack trace', () => {
    const problems = problemsOf(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toMatch(/^leadloop\.yaml: YAML nested too deeply to read \(line \d+\)/);
  });

  it('masks the userinfo and query of a URL in config errors', () => {
    const text = example.replace(
      /baseUrl: .*/,
      'baseUrl: https://admin:hunter2-password@crm.example.com/api?hapikey=abc123secret',
    );
    const problems = problemsOf(text);
    const joined = problems.join('\n');
    expect(joined).toContain('connections.hubspot.baseUrl: https://***@crm.example.com/api?***');
    expect(joined).not.toContain('hunter2');
    expect(joined).not.toContain('abc123secret');
    expect(joined).not.toContain('admin:');
  });
});
