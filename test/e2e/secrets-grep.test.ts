/**
 * No secret byte leaves leadloop: every output a user or a scraper sees (a trace-level sync's logs,
 * `status --json`, `sync --dry-run --json`, the admin API, /metrics and the admin page) is searched for
 * the configured credentials (HubSpot token, webhook secret, Salesforce private key, admin token) and for
 * any Salesforce session id the sandbox issued (`<org id>!AR...`).
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const ADMIN_TOKEN = 'secrets-grep-admin-token-Zq81xPv3LmT0wRb6';
const TIMEOUT = 120_000;

let sb: TestSandboxes;
let configPath: string;
let secrets: { name: string; value: string }[];

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  LEADLOOP_ADMIN_TOKEN: ADMIN_TOKEN,
  LOG_LEVEL: 'trace',
  LOG_FORMAT: 'json',
  REDIS_URL: '',
});

beforeAll(async () => {
  sb = await withSandboxes({ people: 40, seed: 17 });
  configPath = join(sb.dir, 'leadloop.yaml');
  await writeSandboxConfig(configPath, sb);
  const text = await readFile(configPath, 'utf8');
  // The config's log level wins over LOG_LEVEL: trace logs every request, the widest net there is.
  await writeFile(configPath, text.replace(/^log:\n {2}level: info$/m, 'log:\n  level: trace'));
  const { hubspot, salesforce } = sb.config.connections;
  const key = salesforce.auth.type === 'jwt' ? salesforce.auth.privateKey : '';
  secrets = [
    { name: 'admin token', value: ADMIN_TOKEN },
    { name: 'HubSpot token', value: hubspot.accessToken ?? '' },
    { name: 'HubSpot webhook secret', value: hubspot.webhookClientSecret ?? '' },
    { name: 'Salesforce private key header', value: 'PRIVATE KEY-----' },
    // Every full line of the key's base64 body: a key leaked in pieces is still leaked.
    ...key
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= 40 && !line.startsWith('-----'))
      .map((value, i) => ({ name: `Salesforce private key line ${i + 1}`, value })),
  ].filter((s) => s.value.length > 0);
  expect(secrets.length).toBeGreaterThan(5);
}, TIMEOUT);
afterAll(async () => {
  await sb?.close();
});

/** The names of the secrets found in `text` (an empty list is the pass). */
function leaks(text: string): string[] {
  const found = secrets.filter((s) => text.includes(s.value)).map((s) => s.name);
  if (/![A-Z]{2}[A-Za-z0-9_-]{24,}/.test(text)) found.push('a Salesforce session id');
  return found;
}

async function cli(args: string[]): Promise<{ text: string; stdout: string }> {
  const out = await run(process.execPath, [bin, ...args, '--config', configPath], {
    env: env(),
    maxBuffer: 256 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string; code?: number }) => {
    // A partial run exits 1; its output is searched all the same.
    if (err.code === 1) return { stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    throw err;
  });
  return { text: `${out.stdout}\n${out.stderr}`, stdout: out.stdout };
}

describe('secrets never reach an output', () => {
  it(
    'trace-level sync, dry run and status --json',
    async () => {
      const sync = await cli(['sync', '--once']);
      expect(sync.text.length).toBeGreaterThan(10_000);
      // The logs carry every request (debug), so the search is not vacuous.
      expect(sync.text).toMatch(/"level":20.*"msg":"salesforce request"/);
      expect(leaks(sync.text)).toEqual([]);

      const dry = await cli(['sync', '--once', '--dry-run', '--json']);
      expect(leaks(dry.text)).toEqual([]);

      const status = await cli(['status', '--json']);
      expect(() => JSON.parse(status.stdout) as unknown).not.toThrow();
      expect(leaks(status.text)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a sync refused by the CRM (revoked HubSpot token) names the failure, not the token',
    async () => {
      const revoked = 'pat-na1-11111111-2222-3333-4444-revokedrevoked';
      const file = join(sb.dir, 'revoked.yaml');
      const text = await readFile(configPath, 'utf8');
      const hubspotToken = sb.config.connections.hubspot.accessToken ?? '';
      expect(text).toContain(hubspotToken);
      await writeFile(file, text.replaceAll(hubspotToken, revoked));
      const out = await run(process.execPath, [bin, 'sync', '--once', '--config', file], { env: env() }).then(
        () => ({ code: 0, text: '' }),
        (err: { code?: number; stdout?: string; stderr?: string }) => ({
          code: err.code ?? -1,
          text: `${err.stdout ?? ''}\n${err.stderr ?? ''}`,
        }),
      );
      expect(out.code).not.toBe(0);
      expect(out.text).toMatch(/auth|401|unauthor/i);
      expect(out.text).not.toContain(revoked);
      expect(leaks(out.text)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'the admin API, /metrics and the admin page of a running serve',
    async () => {
      const child = spawn(
        process.execPath,
        [bin, 'serve', '--config', configPath, '--host', '127.0.0.1', '--port', '0'],
        { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let logs = '';
      child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`serve did not start: ${logs}`)), 30_000);
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const match = /serving on (http:\/\/[^\s]+)/.exec(out);
            if (match?.[1]) {
              clearTimeout(timer);
              resolve(match[1]);
            }
          });
        });
        const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
        const bodies: string[] = [];
        for (const path of [
          '/api/status',
          '/api/fields',
          '/api/mappings',
          '/api/labels/plan',
          '/metrics',
          '/admin',
          '/admin/admin-page.js',
        ]) {
          const res = await fetch(`${url}${path}`, { headers: auth });
          expect(res.status, path).toBe(200);
          bodies.push(`${path}\n${await res.text()}`);
        }
        const preview = await fetch(`${url}/api/mappings/preview`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ fieldMappings: [] }),
        });
        bodies.push(await preview.text());
        for (const body of bodies) expect(leaks(body), body.slice(0, 60)).toEqual([]);
        expect(leaks(logs)).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    TIMEOUT,
  );
});
