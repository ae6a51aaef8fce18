/**
 * `leadloop demo`, the newcomer's first command, as a subprocess: it ends 0 with its summary (matrix,
 * closed loop, API calls), and its terminal output holds no JSON log lines (the engine's warnings are
 * counted in the summary instead); `--json` prints one JSON object.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const env = { ...process.env, LOG_FORMAT: '' };

describe('leadloop demo', () => {
  it('prints a summary and no JSON log lines', async () => {
    const { stdout, stderr } = await run(process.execPath, [bin, 'demo', '--people', '300', '--seed', '7'], {
      env,
      timeout: 120_000,
    });
    expect(stdout).toContain('by matrix cell:');
    expect(stdout).toMatch(/API calls counted by the sandboxes in total: HubSpot \d+, Salesforce \d+/);
    expect(stdout).toMatch(/labels? differ from the glossary/);
    for (const line of `${stdout}\n${stderr}`.split('\n'))
      expect(line.trimStart().startsWith('{')).toBe(false);
  }, 130_000);

  it('prints one JSON object with --json', async () => {
    const { stdout } = await run(process.execPath, [bin, 'demo', '--people', '100', '--json'], {
      env,
      timeout: 120_000,
    });
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(summary).length).toBeGreaterThan(2);
  }, 130_000);
});
