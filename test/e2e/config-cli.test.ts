import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const example = new URL('../../config/leadloop.example.yaml', import.meta.url).pathname;

async function leadloop(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_FORMAT: 'json' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('leadloop config validate', () => {
  it('exits 0 on the example config', async () => {
    const result = await leadloop('config', 'validate', example);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid');
  });

  it('exits 2 on a broken copy and names the path of each problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadloop-config-'));
    const broken = join(dir, 'broken.yaml');
    const text = (await readFile(example, 'utf8'))
      .replace('points: 100, group: title', 'points: "ten", group: title')
      .replace('acceptWithinHours: 24', 'acceptWithinHours: soon');
    await writeFile(broken, text);
    const result = await leadloop('config', 'validate', broken);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('scoring.profile.rules[0].points: expected a number, got "ten"');
    expect(result.stderr).toContain('stages.sla.acceptWithinHours: expected a number, got "soon"');
  });

  it('exits 2 with one line, not a stack trace, on an alias bomb', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadloop-config-'));
    const bomb = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of [...'bcdefgh'].entries())
      levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`);
    await writeFile(bomb, levels.join('\n'));
    const result = await leadloop('config', 'validate', bomb);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('YAML refused: more than 100 alias expansions');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help for every command', async () => {
    const result = await leadloop('config', 'validate', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: leadloop config validate');
  });
});
