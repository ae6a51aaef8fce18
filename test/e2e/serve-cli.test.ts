/** `leadloop serve` as a process on the sandboxes: it listens, answers, and exits 0 on SIGTERM. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const TOKEN = 'serve-cli-test-token-0123456789';

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
});
