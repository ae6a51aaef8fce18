/** `leadloop serve` as a process on the sandboxes: it listens, answers, and exits 0 on SIGTERM. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const TOKEN = 'serve-cli-test-token-0123456789-Qx7Zk';

let sb: TestSandboxes;
let configPath: string;
beforeAll(async () => {
  sb = await withSandboxes({ people: 10, seed: 5 });
  configPath = join(sb.dir, 'leadloop.yaml');
  await writeSandboxConfig(configPath, sb);
});
afterAll(async () => {
  await sb?.close();
});

describe('leadloop serve', () => {
  it('serves the admin API with the configured token and shuts down gracefully on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--config', configPath, '--host', '127.0.0.1', '--port', '0'],
      {
        env: { ...process.env, LEADLOOP_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', REDIS_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s: ${stderr}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /serving on (http:\/\/[^\s]+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    try {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/api/status`)).status).toBe(401);
      const status = await fetch(`${url}/api/status`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(status.status).toBe(200);
      const plan = await fetch(`${url}/api/labels/plan`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(((await plan.json()) as { hubspot: unknown[] }).hubspot.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  /** `serve` with a token from the environment; resolves with its exit code and output (never hangs). */
  const refused = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, [bin, 'serve', '--config', configPath, '--port', '0', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: '', LEADLOOP_ADMIN_TOKEN: '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    ['missing', '', 'http.adminToken is not set'],
    ['short', 'short-token-1234', 'http.adminToken is 16 characters; use at least 32'],
    ['placeholder', 'change-me-to-a-long-random-token', 'a placeholder from the docs'],
  ])('refuses to start with a %s token: exit 2, one line saying how to set one', (_what, token, why) => {
    const run = refused({ LEADLOOP_ADMIN_TOKEN: token }, ['--host', '127.0.0.1']);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(why);
    expect(lines[0]).toContain('LEADLOOP_ADMIN_TOKEN');
    if (token.length > 0) expect(run.stderr + run.stdout).not.toContain(token);
  });

  it('refuses --insecure-dev-token on a non-loopback host', () => {
    const run = refused({}, ['--host', '0.0.0.0', '--insecure-dev-token']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('only works on a loopback host, not 0.0.0.0');
  });

  it('starts on loopback with --insecure-dev-token and no token, refusing every admin call', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--config', configPath, '--host', '127.0.0.1', '--port', '0', '--insecure-dev-token'],
      {
        env: {
          ...process.env,
          LEADLOOP_ADMIN_TOKEN: '',
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
          REDIS_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s: ${stderr}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /serving on (http:\/\/[^\s]+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    try {
      expect((await fetch(`${url}/api/status`, { headers: { Authorization: 'Bearer ' } })).status).toBe(401);
      expect(stderr).toContain('--insecure-dev-token');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
