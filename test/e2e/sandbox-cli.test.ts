import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const children: ChildProcessWithoutNullStreams[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-sandbox-cli-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Starts `leadloop sandbox ...` and resolves with its first stdout line (the ready signal). */
async function startCli(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; firstLine: string }> {
  const child = spawn(process.execPath, [bin, 'sandbox', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const first = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`leadloop sandbox exited ${code} before ready: ${stderr}`)),
    );
    setTimeout(() => reject(new Error(`no ready line within 60 s: ${stderr}`)), 60_000).unref();
  });
  return { child, firstLine: await first };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no exit within 10 s of SIGTERM')), 10_000).unref(),
  );
  const [code] = (await Promise.race([exited, timeout])) as [number | null];
  return code;
}

interface ReadyLine {
  hubspot: { baseUrl: string; accessToken: string };
  salesforce: {
    loginUrl: string;
    instanceUrl: string;
    apiVersion: string;
    clientId: string;
    clientSecret: string;
    username: string;
    refreshToken: string;
    privateKeyPem: string;
  };
}

describe('leadloop sandbox', () => {
  it('enforces the professional tier limits by default and none with --no-limits', async () => {
    const headersOf = async (args: string[]): Promise<Headers> => {
      const { child, firstLine } = await startCli(['--people', '20', '--json', ...args]);
      const ready = JSON.parse(firstLine) as ReadyLine;
      const res = await fetch(`${ready.hubspot.baseUrl}/crm/v3/objects/contacts?limit=1`, {
        headers: { Authorization: `Bearer ${ready.hubspot.accessToken}` },
      });
      expect(res.status).toBe(200);
      expect(await stop(child)).toBe(0);
      return res.headers;
    };
    const limited = await headersOf([]);
    expect(limited.get('x-hubspot-ratelimit-max')).toBe('190');
    expect(limited.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(limited.get('x-hubspot-ratelimit-daily')).not.toBeNull();
    const open = await headersOf(['--no-limits']);
    expect(open.get('x-hubspot-ratelimit-max')).toBeNull();
  });

  it('--tier is the portal subscription with or without limits: Events v3 answers 403 at professional, 200 at enterprise', async () => {
    const eventsStatus = async (args: string[]): Promise<number> => {
      const { child, firstLine } = await startCli(['--people', '5', '--json', ...args]);
      const ready = JSON.parse(firstLine) as ReadyLine;
      const res = await fetch(`${ready.hubspot.baseUrl}/events/v3/events/event-types`, {
        headers: { Authorization: `Bearer ${ready.hubspot.accessToken}` },
      });
      await res.arrayBuffer();
      expect(await stop(child)).toBe(0);
      return res.status;
    };
    expect(await eventsStatus(['--no-limits'])).toBe(403);
    expect(await eventsStatus(['--tier', 'enterprise', '--no-limits'])).toBe(200);
  }, 60_000);

  it('serves both CRMs, prints one JSON line, writes a valid config, and exits 0 on SIGTERM', async () => {
    const cfg = join(dir, 'cfg.yaml');
    const { child, firstLine } = await startCli([
      '--people',
      '200',
      '--seed',
      '7',
      '--json',
      '--write-config',
      cfg,
    ]);
    const ready = JSON.parse(firstLine) as ReadyLine;
    expect(Object.keys(ready)).toEqual(['hubspot', 'salesforce']);
    expect(Object.keys(ready.hubspot)).toEqual(['baseUrl', 'accessToken']);
    expect(ready.salesforce.privateKeyPem).toContain('PRIVATE KEY');

    // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/get-crm-v3-objects-contacts
    const contacts = await fetch(`${ready.hubspot.baseUrl}/crm/v3/objects/contacts?limit=10`, {
      headers: { authorization: `Bearer ${ready.hubspot.accessToken}` },
    });
    expect(contacts.status).toBe(200);
    const page = (await contacts.json()) as { results: unknown[]; paging?: { next?: { after?: string } } };
    expect(page.results).toHaveLength(10);
    expect(page.paging?.next?.after).toBeTruthy();

    // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
    const token = await fetch(`${ready.salesforce.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: ready.salesforce.clientId,
        client_secret: ready.salesforce.clientSecret,
        refresh_token: ready.salesforce.refreshToken,
      }),
    });
    expect(token.status).toBe(200);
    const { access_token: accessToken, instance_url: instanceUrl } = (await token.json()) as Record<
      string,
      string
    >;
    const soql = encodeURIComponent(
      "SELECT Id, Email, Status FROM Lead WHERE Status = 'Open - Not Contacted'",
    );
    const version = ready.salesforce.apiVersion.replace(/^v/, '');
    const query = await fetch(`${instanceUrl}/services/data/v${version}/query?q=${soql}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(query.status).toBe(200);
    const result = (await query.json()) as { totalSize: number; records: { Status: string }[] };
    expect(result.totalSize).toBeGreaterThan(0);
    expect(result.records.every((r) => r.Status === 'Open - Not Contacted')).toBe(true);

    const validate = await run(process.execPath, [bin, 'config', 'validate', cfg]);
    expect(validate.stdout).toContain('valid');

    expect(await stop(child)).toBe(0);
  }, 90_000);

  it('exports the generated world and serves the same world from --data', async () => {
    const file = join(dir, 'world.json');
    const first = await startCli(['--people', '50', '--seed', '3', '--now', '2026-11-23', '--export', file]);
    expect(first.firstLine).toMatch(/^leadloop sandbox ready in /);
    expect(await stop(first.child)).toBe(0);

    const second = await startCli(['--data', file, '--json']);
    const ready = JSON.parse(second.firstLine) as ReadyLine;
    const contacts = await fetch(`${ready.hubspot.baseUrl}/crm/v3/objects/contacts?limit=100`, {
      headers: { authorization: `Bearer ${ready.hubspot.accessToken}` },
    });
    expect(((await contacts.json()) as { results: unknown[] }).results.length).toBeGreaterThan(10);
    expect(await stop(second.child)).toBe(0);
  }, 90_000);

  it('refuses a bad dataset with the path of the problem', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        format: 'leadloop-sandbox/1',
        generatedAt: '2026-11-01T00:00:00.000Z',
        users: [],
        companies: [],
        people: [{ key: 'p1', lastName: 'X', email: 5 }],
        activities: [],
        opportunities: [],
      }),
    );
    const result = await run(process.execPath, [bin, 'sandbox', '--data', bad]).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('people[0].email: expected a string, got 5');
  });

  it('rejects a bad --people value as a usage error', async () => {
    const result = await run(process.execPath, [bin, 'sandbox', '--people', 'many']).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a whole number');
  });
});
