/**
 * `leadloop demo`: the newcomer's first command. Starts both sandbox CRMs with seeded data, runs a full
 * sync on the example config with the embedded store, simulates a day of behaviour and sales feedback,
 * runs an incremental sync, and prints what happened. No Redis, no accounts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { EXAMPLE_CONFIG_PATH, writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { startSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import { simulateADayLater } from '../demo/simulate.ts';
import { createLogger } from '../lib/logger.ts';
import { startServer } from '../http/start-server.ts';
import { openRuntime, type Runtime } from '../main/runtime.ts';
import { fullSyncCounts } from '../lower-bounds/dataset-counts.ts';
import { fullInput } from '../lower-bounds/full-sync-bound.ts';
import { lowerBounds } from '../lower-bounds/lower-bound.ts';
import { adminTokenProblem } from '../http/admin-token-policy.ts';
import { loadLoopReport } from '../report/load-report.ts';
import { runSync } from '../sync/run-sync.ts';
import { formatDemo, type DemoSummary } from './format-demo.ts';
import { writeErr, writeOut } from './output.ts';
import { progressReporter } from './progress.ts';

interface DemoOptions {
  people: string;
  seed: string;
  json?: boolean;
  serve?: boolean;
  port: string;
  verbose?: boolean;
}

/** `--serve`: the admin page and API on the demo's world until Ctrl-C. */
async function serveUntilSignal(runtime: Runtime, configFile: string, port: number): Promise<void> {
  // The demo's world is throwaway, but its admin page still gets a real token unless one is configured.
  const configured = runtime.config.http.adminToken;
  const token =
    adminTokenProblem(configured) === undefined && configured !== undefined
      ? configured
      : randomBytes(24).toString('base64url');
  const running = await startServer({
    runtime,
    adminToken: token,
    configPath: configFile,
    logger: runtime.logger,
    host: '127.0.0.1',
    port,
  });
  writeOut(`admin page: ${running.url}/admin  (admin token: ${token})\nCtrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await running.close();
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run leadloop end to end on sandbox CRMs with seeded data (no Redis, no accounts)')
    .option('--people <n>', 'people in the generated world', '2000')
    .option('--seed <n>', 'generator seed (same seed, same data)', '42')
    .option('--json', 'print the summary as one JSON object')
    .option('--serve', 'keep running with the admin API and page on the demo world')
    .option('--port <n>', 'admin port with --serve (0: any free port)', '8080')
    .option('--verbose', "also print the engine's log lines (JSON) on stderr")
    .action(async (options: DemoOptions) => {
      const people = Number(options.people);
      const seed = Number(options.seed);
      if (!Number.isInteger(people) || people < 10)
        throw new Error(`--people: expected a whole number ≥ 10, got "${options.people}"`);
      const started = Date.now();
      const say = (text: string): void => {
        if (!options.json) writeErr(`${text}\n`);
      };
      say(`generating ${people} people (seed ${seed}) and starting the HubSpot and Salesforce sandboxes…`);
      const now = new Date();
      const dataset = generateDataset({ people, seed, now });
      // Enterprise: the demo scores page views and custom events, which only Events v3 (Enterprise) serves.
      const sandboxes = await startSandboxes({
        dataset,
        hubspot: { port: 0, subscription: 'enterprise' },
        salesforce: { port: 0 },
      });
      const dir = await mkdtemp(join(tmpdir(), 'leadloop-demo-'));
      try {
        const configFile = join(dir, 'leadloop.yaml');
        const config = await writeSandboxConfig(configFile, sandboxes, EXAMPLE_CONFIG_PATH, {
          statePath: join(dir, 'state.sqlite'),
        });
        // The summary tells the story; the engine's warnings (drift, duplicates) are counted in it instead.
        const logger = createLogger({ level: options.verbose ? 'info' : 'error', pretty: false });
        const runtime = await openRuntime(config, { logger });
        try {
          say('full sync: pull both CRMs, link, score, stage, write back…');
          const progress = options.json ? undefined : progressReporter(process.stderr);
          const full = await runSync(runtime, {
            kind: 'full',
            ...(progress ? { onProgress: progress } : {}),
          });
          progress?.done();
          say('a day later: new behaviour in HubSpot, sales feedback in Salesforce…');
          const changes = await simulateADayLater(sandboxes, runtime.store, new Date());
          say('incremental sync…');
          const incremental = await runSync(runtime, { kind: 'incremental' });
          const noop = await runSync(runtime, { kind: 'incremental' });
          const report = await loadLoopReport(runtime.store, {
            now: runtime.clock(),
            period: 'all',
            stages: runtime.config.stages,
          });
          const bounds = lowerBounds(fullInput(fullSyncCounts(dataset), full));
          const summary: DemoSummary = {
            people,
            seed,
            full,
            fullLowerBound: { hubspot: bounds.hubspot, salesforce: bounds.salesforce },
            changes,
            incremental,
            noop,
            report,
            sandboxCalls: {
              hubspot: sandboxes.hubspot.stats().totalCalls,
              salesforce: sandboxes.salesforce.stats().totalCalls,
            },
            seconds: (Date.now() - started) / 1000,
          };
          writeOut(options.json ? `${JSON.stringify(summary)}\n` : formatDemo(summary));
          if (options.serve) await serveUntilSignal(runtime, configFile, Number(options.port));
        } finally {
          await runtime.close();
        }
      } finally {
        await sandboxes.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
}
