/**
 * `leadloop sandbox --write-config` writes a private key and tokens (issue 10): the file is 0600, also
 * when it already existed with a wider mode, and folders it creates are 0700.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSandboxConfig, type SandboxConnections } from '../../../connectors/sandbox/sandbox-config.ts';

const connections: SandboxConnections = {
  hubspot: { baseUrl: 'http://127.0.0.1:41001', accessToken: 'sandbox-token-1', clientSecret: 'cs-1' },
  salesforce: {
    loginUrl: 'http://127.0.0.1:41002',
    instanceUrl: 'http://127.0.0.1:41002',
    apiVersion: '62.0',
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-client-secret',
    username: 'integration@sandbox.example',
    refreshToken: 'sandbox-refresh',
    privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  },
};
const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

let dir = '';
let umask = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-cfg-modes-'));
  umask = process.umask(0o022);
});
afterAll(async () => {
  process.umask(umask);
  await rm(dir, { recursive: true, force: true });
});

describe('writeSandboxConfig file modes', () => {
  it('writes the config 0600 into folders it creates 0700', async () => {
    const file = join(dir, 'new', 'leadloop.yaml');
    await writeSandboxConfig(file, { connections });
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(dir, 'new'))).toBe(0o700);
    expect(await mode(join(dir, 'new', 'leadloop.state'))).toBe(0o700);
  });

  it('narrows an existing 0644 config to 0600', async () => {
    const file = join(dir, 'existing.yaml');
    await writeFile(file, '# old\n');
    await chmod(file, 0o644);
    await writeSandboxConfig(file, { connections });
    expect(await mode(file)).toBe(0o600);
  });
});
