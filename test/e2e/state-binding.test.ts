/**
 * A state is bound to the CRMs it was built from: pointed at another HubSpot portal / Salesforce org it
 * stops before any read or write with exit 2, naming both pairs of ids and the remedy; `leadloop state
 * reset --yes` forgets the old CRMs and the next run syncs the new ones.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { main } from '../../src/cli.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { createMemoryStore } from '../../src/state/memory/memory-store.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const open: TestSandboxes[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});
const sandboxes = async (seed: number, extra: Parameters<typeof withSandboxes>[0] = {}) => {
  const sb = await withSandboxes({ people: 30, seed, ...extra });
  open.push(sb);
  return sb;
};
const silent = createLogger({ level: 'silent' });
const ownProperties = (sb: TestSandboxes) =>
  sb.hubspot.store.listProperties().filter((p) => p.name.startsWith('leadloop_')).length;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => (chunks.push(String(chunk)), true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    process.exitCode = undefined;
    const code = await main(['node', 'leadloop', ...args]);
    return { code, out: chunks.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe('state bound to its CRMs', () => {
  it('refuses to sync a state built on other CRMs, naming both pairs of ids, and writes nothing', async () => {
    const first = await sandboxes(5);
    const other = await sandboxes(6);
    const store = createMemoryStore();
    const a = await openRuntime(first.config, { logger: silent, store });
    expect((await runSync(a, { kind: 'full' })).status).toBe('succeeded');
    await a.close();

    const b = await openRuntime(other.config, { logger: silent, store });
    try {
      const error = await runSync(b, { kind: 'full' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toContain(
        `HubSpot portal ${first.hubspot.portalId} and Salesforce org ${first.salesforce.orgId}`,
      );
      expect(text).toContain(
        `HubSpot portal ${other.hubspot.portalId} and Salesforce org ${other.salesforce.orgId}`,
      );
      expect(text).toContain('leadloop state reset');
      expect(first.hubspot.portalId).not.toBe(other.hubspot.portalId);
      // Stopped before provisioning: the other portal has none of leadloop's fields.
      expect(ownProperties(other)).toBe(0);
      // A dry run is refused the same way.
      await expect(runSync(b, { kind: 'incremental', dryRun: true })).rejects.toThrow(ConfigError);
    } finally {
      await b.close();
    }
  });

  it('leadloop sync exits 2 on other CRMs; state reset --yes forgets the old ones and the next sync runs', async () => {
    const first = await sandboxes(11);
    const other = await sandboxes(11, {
      hubspot: { portalId: 99_000_001 },
      salesforce: { orgId: '00D000000000099AAA' },
    });
    const file = join(first.dir, 'leadloop.yaml');
    await writeSandboxConfig(file, first);
    expect((await cli('sync', '--once', '--json', '--config', file)).code).toBe(0);

    // Same file name, so the same state file, now pointing at the other CRMs (same data, other account
    // ids): what a copied config does.
    await writeSandboxConfig(file, other);
    const refused = await cli('sync', '--once', '--json', '--config', file);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('HubSpot portal 99000001 and Salesforce org 00D000000000099AAA');
    expect(ownProperties(other)).toBe(0);

    expect((await cli('state', 'reset', '--config', file)).code).toBe(2);
    const reset = await cli('state', 'reset', '--yes', '--config', file);
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('state reset');
    expect((await cli('sync', '--once', '--json', '--config', file)).code).toBe(0);
    expect(ownProperties(other)).toBeGreaterThan(0);
  });
});
