/**
 * Failure reasons and run errors are stored well-formed (issue 10): a message cut inside an emoji holds a
 * lone UTF-16 surrogate, which JSON.stringify writes as a `\ud83d` escape that strict JSON parsers refuse.
 * Each store keeps U+FFFD instead, and `leadloop status --json` prints JSON that any parser reads.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxConfig, type SandboxConnections } from '../../../connectors/sandbox/sandbox-config.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { createRedisStore } from '../../../src/state/redis/redis-store.ts';
import { openSqliteStore } from '../../../src/state/sqlite/sqlite-store.ts';
import type { RunSummary, StateStore, WriteFailureEntry } from '../../../src/state/types.ts';
import { startRedis, type TestRedis } from '../../helpers/redis-server.ts';

const run = promisify(execFile);
const bin = new URL('../../../bin/leadloop.js', import.meta.url).pathname;

/** "Grüße 👋" cut after the emoji's high surrogate, as a UTF-16 truncation leaves it. */
const CUT = 'STRING_TOO_LONG: Grüße 👋'.slice(0, -1);
/** A `\uD800`-`\uDFFF` escape without its pair: what strict JSON parsers reject. */
const LONE_ESCAPE =
  /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

const failure: WriteFailureEntry = {
  at: '2026-03-01T10:00:00.000Z',
  runId: 'r1',
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId: '00Q000000000001',
  code: 'STRING_TOO_LONG',
  message: CUT,
  fields: ['Description'],
  permanent: true,
};
const failedRun: RunSummary = {
  runId: 'r1',
  kind: 'incremental',
  startedAt: '2026-03-01T10:00:00.000Z',
  finishedAt: '2026-03-01T10:01:00.000Z',
  status: 'failed',
  stats: {},
  error: `run failed: ${CUT}`,
};

/** Every string in a parsed value, for the well-formedness check. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

let dir = '';
let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-stored-'));
  redis = await startRedis();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await client.quit();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => StateStore][] = [
  ['sqlite', () => openSqliteStore(join(dir, `${randomUUID()}.sqlite`))],
  ['redis', () => createRedisStore(client, { keyPrefix: `test:{${randomUUID()}}:` })],
  ['memory', () => createMemoryStore()],
];

describe.each(stores)('%s store', (_name, open) => {
  it('keeps failure messages and run errors well-formed', async () => {
    const store = open();
    await store.putFailures([failure]);
    await store.putRun(failedRun);
    const [stored] = await store.listFailures({ limit: 1 });
    const [storedRun] = await store.listRuns(1);
    expect(stored?.message).toBe('STRING_TOO_LONG: Grüße \uFFFD');
    expect(storedRun?.error).toBe('run failed: STRING_TOO_LONG: Grüße \uFFFD');
    expect(JSON.stringify({ stored, storedRun })).not.toMatch(LONE_ESCAPE);
    if (store.kind === 'redis') await store.clear();
  });
});

describe('leadloop status --json', () => {
  it('prints JSON every parser accepts when a stored message was cut inside an emoji', async () => {
    const connections: SandboxConnections = {
      hubspot: { baseUrl: 'http://127.0.0.1:41001', accessToken: 'status-test-token' },
      salesforce: {
        loginUrl: 'http://127.0.0.1:41002',
        instanceUrl: 'http://127.0.0.1:41002',
        apiVersion: '62.0',
        clientId: 'status-client',
        clientSecret: 'status-client-secret',
        username: 'integration@status.example',
        refreshToken: 'status-refresh',
        privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    };
    const file = join(dir, 'status.yaml');
    const config = await writeSandboxConfig(file, { connections });
    if (config.state.type !== 'sqlite') throw new Error('expected a sqlite state');
    const store = openSqliteStore(config.state.path);
    await store.putFailures([failure]);
    await store.putRun(failedRun);
    await store.close();

    const { stdout } = await run(process.execPath, [bin, 'status', '--json', '--config', file], {
      env: { ...process.env, REDIS_URL: '', LOG_FORMAT: 'json' },
    });
    expect(stdout).not.toMatch(LONE_ESCAPE);
    const parsed = JSON.parse(stdout) as { failures: { permanent: WriteFailureEntry[] }; runs: RunSummary[] };
    expect(parsed.failures.permanent[0]?.message).toBe('STRING_TOO_LONG: Grüße \uFFFD');
    expect(parsed.runs[0]?.error).toContain('Grüße \uFFFD');
    expect(strings(parsed).every((s) => s.isWellFormed())).toBe(true);
  });
});
