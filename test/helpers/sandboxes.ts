/**
 * Both sandbox CRMs in-process on random ports, on a seeded generated world (or a given dataset), plus a
 * ready `LeadloopConfig` built from the example config with connections pointing at them and a temp
 * SQLite state path. For contract, engine and e2e tests:
 *
 *   const sb = await withSandboxes({ people: 200, seed: 7 });
 *   try { ...sb.config, sb.hubspot.baseUrl, sb.dataset... } finally { await sb.close(); }
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxDataset } from '../../connectors/sandbox/dataset.ts';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { buildSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import {
  startSandboxes,
  type RunningSandboxes,
  type StartSandboxesOptions,
} from '../../connectors/sandbox/start-sandboxes.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';

/** A fixed "now" so generated worlds are identical on every run and every day. */
export const SANDBOX_TEST_NOW = new Date('2026-11-23T00:00:00.000Z');

export interface WithSandboxesOptions extends Omit<StartSandboxesOptions, 'dataset'> {
  readonly people?: number;
  readonly seed?: number;
  readonly now?: Date;
  /** Use this dataset instead of generating one. */
  readonly dataset?: SandboxDataset;
}

export interface TestSandboxes extends RunningSandboxes {
  readonly dataset: SandboxDataset;
  readonly config: LeadloopConfig;
  /** Temp directory holding the state file; removed by `close()`. */
  readonly dir: string;
}

export async function withSandboxes(options: WithSandboxesOptions = {}): Promise<TestSandboxes> {
  const { people = 200, seed = 42, now = SANDBOX_TEST_NOW, dataset: given, ...start } = options;
  const dataset = given ?? generateDataset({ people, seed, now });
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-sandboxes-'));
  let running: RunningSandboxes | undefined;
  try {
    running = await startSandboxes({
      ...start,
      dataset,
      // Most tests edit a contact and sync at once; search index lag is tested where it is the subject
      // (pass `hubspot: { searchLag }` to have it).
      // Events v3 (page views, forms, custom events) needs Enterprise: tests that score behaviour have it;
      // lower tiers are tested where they are the subject (pass `hubspot: { subscription }`).
      hubspot: { host: '127.0.0.1', port: 0, searchLag: false, subscription: 'enterprise', ...start.hubspot },
      salesforce: { host: '127.0.0.1', port: 0, ...start.salesforce },
    });
    const config = await buildSandboxConfig(running.connections, join(dir, 'state.sqlite'), {
      hubspotTier: start.hubspotTier,
    });
    const servers = running;
    return {
      ...servers,
      dataset,
      config,
      dir,
      close: async () => {
        await servers.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await running?.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
