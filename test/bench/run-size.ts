/**
 * The six scenarios at one size against sandboxes in a child process, leadloop in this process with a
 * SQLite state in a temp dir. Between runs both clocks move 15 minutes (one poll interval); HubSpot's
 * lookback overlap (an hour by default) re-reads what changed in the hour before the last cutoff, and
 * the bound counts those rows too (a lag-proof sync must re-read them). After scenarios 1 and 2 an `echo`
 * run reads back leadloop's own writes (A5 echo term) and is reported as its own row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { CrmName } from '../../src/domain/crm.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import {
  lowerBounds,
  type LowerBoundInput,
  type LowerBounds,
  type SyncBoundInput,
} from '../../src/lower-bounds/lower-bound.ts';
import { runSync, type RunReport } from '../../src/sync/run-sync.ts';
import { dailyShare, projectSeconds, type BenchRow } from './bench-row.ts';
import { fullInput, incrementalInput, labelsInput } from './bound-inputs.ts';
import { labelScenario } from './label-scenario.ts';
import { measure, type Measured } from './measure.ts';
import { mutateOnePercent, type Mutations } from './mutate.ts';
import { runNaiveBaseline, type NaiveResult } from './naive/naive-baseline.ts';
import { SandboxChild, type ChangedSince } from './sandbox-child.ts';
import { withAccounts, withCompanies } from './account-scenario.ts';
import type { CounterName } from '../../src/sync/run-counters.ts';
import { FRESH_DESCRIBE_MS } from '../../src/sync/prepare.ts';

export const POLL_MS = 15 * 60_000;
const CRMS: readonly CrmName[] = ['hubspot', 'salesforce'];

export interface SizeOptions {
  readonly size: string;
  readonly people: number;
  readonly seed: number;
  readonly logDir: string;
  readonly onRow?: (row: BenchRow) => void;
  readonly onNote?: (line: string) => void;
  /** People in the naive baseline's sample (0: skip it). */
  readonly naiveSample: number;
}

export interface SizeResult {
  readonly rows: BenchRow[];
  readonly sandboxLoadMs: number;
  readonly people: number;
  readonly activities: number;
  readonly naive: NaiveResult | null;
}

/** A model change: new version and one profile rule worth 10 points more. */
export function changedModel(config: LeadloopConfig): LeadloopConfig {
  const rules = config.scoring.profile.rules.map((r, i) => (i === 0 ? { ...r, points: r.points + 10 } : r));
  return {
    ...config,
    scoring: {
      ...config.scoring,
      modelVersion: `${config.scoring.modelVersion}-bench`,
      profile: { ...config.scoring.profile, rules },
    },
  };
}

/** Rate limits off on leadloop's side too (the sandboxes enforce none here): software overhead only. */
export function limitsOff(config: LeadloopConfig): LeadloopConfig {
  const hubspot = config.connections.hubspot;
  return {
    ...config,
    connections: {
      ...config.connections,
      hubspot: {
        ...hubspot,
        limits: { ...hubspot.limits, tenSecondMax: 1e9, dailyMax: 1e12, searchPerSecond: 1e6 },
      },
    },
  };
}

const counter = (report: RunReport, key: CounterName): number => report.counters[key] ?? 0;

export async function runSize(options: SizeOptions): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), `leadloop-bench-${options.size}-`));
  const child = await SandboxChild.start({
    people: options.people,
    seed: options.seed,
    logFile: join(options.logDir, `sandbox-${options.size}.log`),
    timeoutMs: 30 * 60_000,
  });
  options.onNote?.(
    `${options.size}: ${options.people} people, ${child.ready.counts.activities} activities; sandboxes ready in ${(child.ready.loadMs / 1000).toFixed(1)} s`,
  );
  let offset = 0;
  const clock = (): Date => new Date(Date.now() + offset);
  const config = limitsOff(await buildSandboxConfig(child.ready.connections, join(dir, 'state.sqlite')));
  const logger = createLogger({
    level: 'warn',
    destination: pino.destination({
      dest: join(options.logDir, `leadloop-${options.size}.log`),
      sync: false,
    }),
  });
  const runtime = await openRuntime(config, { logger, clock });
  const rows: BenchRow[] = [];
  let lastSignpost = clock();
  let describedAt = 0;

  const nextPoll = async (): Promise<void> => {
    await child.advance(POLL_MS);
    offset += POLL_MS;
  };

  const record = async (
    scenario: string,
    run: Measured<unknown>,
    bounds: LowerBounds,
    report: RunReport | null,
  ): Promise<void> => {
    const stats = await child.stats();
    const records = report
      ? counter(report, 'recordsPulled') +
        counter(report, 'activitiesPulled') +
        counter(report, 'opportunitiesPulled') +
        (report.kind === 'rescore' ? counter(report, 'peopleProcessed') : 0)
      : 0;
    for (const crm of CRMS) {
      const s = stats[crm];
      const bound = bounds[crm];
      const row: BenchRow = {
        size: options.size,
        scenario,
        crm,
        apiCalls: s.totalCalls,
        lowerBound: bound,
        ratio: bound > 0 ? s.totalCalls / bound : 0,
        recordsPerSec: records / (run.wallMs / 1000),
        records,
        peopleProcessed: report ? counter(report, 'peopleProcessed') : 0,
        wallMs: run.wallMs,
        projectedSec: projectSeconds(crm, s.byEndpoint),
        dailyShare: dailyShare(crm, s.totalCalls),
        peakRssMb: run.peakRssMb,
        sandboxPeakRssMb: stats.peakRssMb,
        http429: s.http429,
        cpuMsLeadloop: run.cpuMs,
        cpuMsSandbox: stats.cpuMs - sandboxCpuBefore,
        byEndpoint: s.byEndpoint,
        ...('calls' in s ? { calls: s.calls } : {}),
        explain: Object.fromEntries(Object.entries(bounds.explain).filter(([k]) => k.startsWith(crm))),
      };
      rows.push(row);
      options.onRow?.(row);
    }
  };

  let sandboxCpuBefore = 0;
  const start = async (): Promise<void> => {
    await child.resetStats();
    sandboxCpuBefore = (await child.stats()).cpuMs;
  };

  const sync = async (
    scenario: string,
    kind: RunReport['kind'],
    input: (report: RunReport) => LowerBoundInput,
    ctx: Runtime = runtime,
  ): Promise<RunReport> => {
    await start();
    const signpost = clock();
    const run = await measure(() => runSync(ctx, { kind }));
    lastSignpost = signpost;
    await record(scenario, run, lowerBounds(input(run.value)), run.value);
    return run.value;
  };

  const incremental = async (
    scenario: string,
    kind: RunReport['kind'],
    mutations?: Mutations,
    ctx?: Runtime,
    extend?: (input: SyncBoundInput, changed: ChangedSince, report: RunReport) => SyncBoundInput,
  ) => {
    await nextPoll();
    const behind = (seconds: number): string =>
      new Date(lastSignpost.getTime() - seconds * 1000).toISOString();
    const [salesforceSide, hubspotSide] = await Promise.all([
      child.changedSince(behind(config.connections.salesforce.lookbackSeconds)),
      child.changedSince(behind(config.connections.hubspot.searchLookbackSeconds)),
    ]);
    const changed = { hubspot: hubspotSide.hubspot, salesforce: salesforceSide.salesforce };
    // prepareRun's rule: full and rescore runs describe afresh, incremental ones at most hourly.
    const described = kind !== 'incremental' || clock().getTime() - describedAt >= FRESH_DESCRIBE_MS;
    if (described) describedAt = clock().getTime();
    return sync(
      scenario,
      kind,
      (report) => {
        const input = incrementalInput(kind, changed, mutations, report, child.ready.counts, described);
        return extend ? extend(input, changed, report) : input;
      },
      ctx,
    );
  };

  try {
    await nextPoll();
    describedAt = clock().getTime();
    await sync('1 full sync', 'full', (report) => fullInput(child.ready.counts, report));
    await incremental('1b echo of 1', 'incremental');
    await nextPoll();
    const mutations = await mutateOnePercent(child.ready, clock());
    await incremental('2 incremental 1%', 'incremental', mutations);
    await incremental('2b echo of 2', 'incremental');
    await incremental('3 no-op', 'incremental');
    await incremental('4 rescore (model change)', 'rescore', undefined, {
      ...runtime,
      config: changedModel(config),
    });
    await nextPoll();
    const labels = await labelScenario(child.ready.connections, runtime, start);
    await record('5 labels plan+apply', labels.run, lowerBounds(labelsInput(labels.plan)), null);
    // 6: account scoring on, on the same state (account-scenario.ts).
    // On scenario 4's model: the original one would be a model change, a rescore of everyone.
    const accounts = { ...runtime, config: withAccounts(changedModel(config)) };
    const everyCompany = await child.changedSince(new Date(0).toISOString());
    const companiesOf = (changed: ChangedSince, complete: boolean) => ({
      hubspot: changed.hubspot['companies'] ?? 0,
      salesforce: changed.salesforce['Account'] ?? 0,
      complete,
      ...(complete ? { backfill: child.ready.counts } : {}),
    });
    await incremental('6 accounts: first run', 'incremental', undefined, accounts, (input, _, report) =>
      withCompanies(input, companiesOf(everyCompany, true), report),
    );
    const changedCompanies = (input: SyncBoundInput, changed: ChangedSince, report: RunReport) =>
      withCompanies(input, companiesOf(changed, false), report);
    await incremental('6b accounts: echo of 6', 'incremental', undefined, accounts, changedCompanies);
    await nextPoll();
    const edited = await child.editCompanies(
      Math.max(1, Math.round((everyCompany.hubspot['companies'] ?? 0) / 100)),
    );
    options.onNote?.(
      `${options.size}: edited ${edited.hubspot} HubSpot companies and ${edited.salesforce} Accounts`,
    );
    await incremental(
      '6c accounts: 1% companies edited',
      'incremental',
      undefined,
      accounts,
      changedCompanies,
    );
    const naive =
      options.naiveSample > 0
        ? await runNaiveBaseline({ size: options.size, child, config, sample: options.naiveSample, rows })
        : null;
    return {
      naive,
      rows,
      sandboxLoadMs: child.ready.loadMs,
      people: options.people,
      activities: child.ready.counts.activities,
    };
  } finally {
    await runtime.close();
    logger.flush();
    await child.close();
    await rm(dir, { recursive: true, force: true });
  }
}
