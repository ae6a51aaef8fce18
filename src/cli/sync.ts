/**
 * `leadloop sync`: the main job. `--once` runs one sync and exits; without it the embedded scheduler
 * runs the configured cron schedules in this process (no Redis). `--dry-run` plans and writes nothing.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { readTimings } from '../config/timing-env.ts';
import { ConfigError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { openRuntime } from '../main/runtime.ts';
import { startEmbeddedScheduler } from '../queue/embedded-scheduler.ts';
import { forecastCalls } from '../sync/forecast.ts';
import { createSyncPhases } from '../sync/phases.ts';
import type { PlannedCreate } from '../sync/plan-creates.ts';
import type { PlannedWrite } from '../sync/plan-person.ts';
import { runSync, type RunReport } from '../sync/run-sync.ts';
import type { RunKind } from '../domain/run-kind.ts';
import { configPath } from './config-path.ts';
import { formatDryRun, formatRunReport } from './format-run.ts';
import { writeErr, writeOut } from './output.ts';
import { progressReporter } from './progress.ts';

interface SyncOptions {
  config?: string;
  once?: boolean;
  dryRun?: boolean;
  json?: boolean;
  full?: boolean;
  rescore?: boolean;
  since?: string;
}

function kindOf(options: SyncOptions): RunKind {
  if (options.full) return 'full';
  if (options.rescore) return 'rescore';
  return 'incremental';
}

function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new ConfigError([`--since: expected an ISO date-time, got "${value}"`]);
  return at;
}

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('Pull both CRMs, score, stage and write back what changed (scheduled unless --once)')
    .option('--config <file>', 'the YAML config file')
    .option('--once', 'run one sync and exit')
    .option('--dry-run', 'plan the writes and print them; write nothing')
    .option('--json', 'with --dry-run or --once: print one JSON object')
    .option('--full', 'pull everything, ignoring cursors (weekly reconcile)')
    .option('--rescore', 're-score everyone (decay, model change) without waiting for CRM changes')
    .option('--since <iso>', 'pull what changed since this time instead of the stored cursors')
    .action(async (options: SyncOptions) => {
      const config = await loadConfig(configPath(options.config));
      const { runLockTtlMs } = readTimings(process.env);
      const json = options.json === true;
      const logger = createLogger({ level: json ? 'warn' : config.log.level });
      const runtime = await openRuntime(config, { logger });
      try {
        const kind = kindOf(options);
        const since = parseSince(options.since);
        if (options.dryRun) {
          const writes: PlannedWrite[] = [];
          const creates: PlannedCreate[] = [];
          const report = await runSync(runtime, {
            kind,
            dryRun: true,
            ...(since ? { since } : {}),
            onPlan: (plan) => {
              writes.push(...plan.writes);
              creates.push(...plan.creates);
            },
          });
          const forecast = forecastCalls(runtime.connectors, writes, creates);
          if (json)
            writeOut(
              `${JSON.stringify({ runId: report.runId, kind, writes, creates, forecast, counters: report.counters })}\n`,
            );
          else writeOut(formatDryRun(writes, creates, forecast));
          return;
        }
        if (options.once || since) {
          const progress = progressReporter(process.stderr);
          const report: RunReport = await runSync(runtime, {
            kind,
            ...(since ? { since } : {}),
            ...(runLockTtlMs !== undefined ? { lockTtlMs: runLockTtlMs } : {}),
            onProgress: progress,
          });
          progress.done();
          writeOut(json ? `${JSON.stringify(report)}\n` : formatRunReport(report));
          if (report.status !== 'succeeded') process.exitCode = 1;
          return;
        }
        const scheduler = startEmbeddedScheduler({
          phases: createSyncPhases(runtime),
          schedule: config.schedule,
          chunkSize: config.sync.chunkSize,
          logger,
          locks: runtime.store,
        });
        for (const next of scheduler.nextRuns())
          logger.info({ kind: next.kind, at: next.at.toISOString() }, 'scheduled');
        writeErr('leadloop sync: running on the configured schedule; Ctrl-C to stop\n');
        await scheduler.trigger(kind);
        await new Promise<void>((resolve) => {
          const stop = (): void => void scheduler.stop().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } finally {
        await runtime.close();
      }
    });
}
