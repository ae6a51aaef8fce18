import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

const example = await readFile(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');
const LINE = '    lookbackSeconds: 300\n';

function withLookback(value: string | null): string {
  if (!example.includes(LINE)) throw new Error('the example no longer sets lookbackSeconds: 300');
  return example.replace(LINE, value === null ? '' : `    lookbackSeconds: ${value}\n`);
}

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('connections.salesforce.lookbackSeconds', () => {
  it('defaults to five minutes and accepts 0 (off) and a day', () => {
    expect(parseConfig(withLookback(null), {}).connections.salesforce.lookbackSeconds).toBe(300);
    expect(parseConfig(withLookback('0'), {}).connections.salesforce.lookbackSeconds).toBe(0);
    expect(parseConfig(withLookback('86400'), {}).connections.salesforce.lookbackSeconds).toBe(86_400);
  });

  it('names the key and the bound it broke', () => {
    expect([
      ...problemsOf(withLookback('-1')),
      ...problemsOf(withLookback('86401')),
      ...problemsOf(withLookback('2.5')),
      ...problemsOf(withLookback('5m')),
    ]).toMatchInlineSnapshot(`
      [
        "connections.salesforce.lookbackSeconds: expected 0 (off) or more seconds",
        "connections.salesforce.lookbackSeconds: expected at most 86400 seconds (a day)",
        "connections.salesforce.lookbackSeconds: expected an int, got 2.5",
        "connections.salesforce.lookbackSeconds: expected a number, got "5m"",
      ]
    `);
  });
});
