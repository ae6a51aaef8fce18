import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSandboxConfig,
  defaultStatePath,
  EXAMPLE_CONFIG_PATH,
  type SandboxConnections,
  writeSandboxConfig,
} from '../../../connectors/sandbox/sandbox-config.ts';
import { loadConfig } from '../../../src/config/load.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const connections: SandboxConnections = {
  hubspot: {
    baseUrl: 'http://127.0.0.1:41001',
    accessToken: 'sandbox-token-1',
    clientSecret: 'sandbox-secret-1',
  },
  salesforce: {
    loginUrl: 'http://127.0.0.1:41002',
    instanceUrl: 'http://127.0.0.1:41002',
    apiVersion: '62.0',
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-client-secret',
    username: 'integration@sandbox.example',
    refreshToken: 'sandbox-refresh',
    privateKeyPem: pem,
  },
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-cfg-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('writeSandboxConfig', () => {
  it('writes a valid config whose connections point at the sandboxes', async () => {
    const file = join(dir, 'cfg.yaml');
    await writeSandboxConfig(file, { connections }, undefined, { hubspotTier: 'starter' });
    const config = await loadConfig(file, {});
    expect(config.connections.hubspot).toMatchObject({
      baseUrl: connections.hubspot.baseUrl,
      accessToken: 'sandbox-token-1',
      webhookClientSecret: 'sandbox-secret-1',
      tier: 'starter',
    });
    expect(config.connections.salesforce.loginUrl).toBe(connections.salesforce.loginUrl);
    expect(config.connections.salesforce.auth).toEqual({
      type: 'jwt',
      clientId: 'sandbox-client',
      username: 'integration@sandbox.example',
      privateKey: pem,
    });
    expect(config.state).toEqual({ type: 'sqlite', path: defaultStatePath(file) });
    expect((await stat(join(dir, 'cfg.state'))).isDirectory()).toBe(true);
  });

  it('keeps the example config comments and the rest of the model', async () => {
    const file = join(dir, 'commented.yaml');
    await writeSandboxConfig(file, { connections });
    const text = await readFile(file, 'utf8');
    const example = await readFile(EXAMPLE_CONFIG_PATH, 'utf8');
    // Every comment of the example survives, whole-line or after a value (the yaml library may move a
    // comment that followed a mapping key onto its own line, which keeps its text).
    const comments = (t: string) =>
      t
        .split('\n')
        .map((line) => /(?:^|\s)#\s?(.*)$/.exec(line)?.[1]?.trim())
        .filter((c): c is string => c !== undefined && c !== '' && !c.includes('yaml-language-server'));
    const written = new Set(comments(text));
    expect(comments(example).filter((c) => !written.has(c))).toEqual([]);
    expect(text).toContain('privateKey: |');
    const config = await loadConfig(file, {});
    const original = await loadConfig(EXAMPLE_CONFIG_PATH, {});
    expect(config.scoring).toEqual(original.scoring);
    expect(config.fieldMappings).toEqual(original.fieldMappings);
  });

  it('builds the same config in memory with a chosen state path', async () => {
    const config = await buildSandboxConfig(connections, join(dir, 'mem', 'state.sqlite'));
    expect(config.state).toEqual({ type: 'sqlite', path: join(dir, 'mem', 'state.sqlite') });
    expect(config.connections.hubspot.baseUrl).toBe(connections.hubspot.baseUrl);
  });
});
