/**
 * `GET /metrics`: Prometheus text through prom-client, on a registry of this app's own (tests and several
 * apps in one process never share series). Node's default process metrics, plus leadloop's: runs and what
 * they did come from the state store, so a server reports what every worker did; API calls, 429s, retries
 * and quota are this process's connectors (`usage()`). A run is counted once, when the server first sees it
 * finished: counters and the duration histogram grow with each run whoever ran it.
 *
 * One rendering serves every scrape within `MIN_RENDER_INTERVAL_MS` (concurrent scrapes share it), so the
 * store's cost per minute is bounded whatever the scrape rate.
 */
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunSummary } from '../state/types.ts';
import { CRMS } from '../sync/context.ts';
import { readDriftStatus } from '../terminology/drift.ts';
import { warningsOfLastPull } from '../health/behaviour-warnings.ts';
import { readDailyLimitAlerts } from '../health/daily-limit.ts';
import { loadEngagementRuleSets } from '../models/engagement-rule-sets.ts';
import type { AppDeps } from './app-deps.ts';

const RECENT_RUNS = 100;
const MIN_RENDER_INTERVAL_MS = 5_000;
const FAILURE_CAP = 10_000;
/** Runs already counted, newest last; older ones have long left the recent list. */
const SEEN_CAP = 2 * RECENT_RUNS;

const num = (stats: Record<string, unknown>, key: string): number => {
  const v = stats[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** The metrics of one app: its registry and a render that reads the store once. */
export function createAppMetrics(deps: Pick<AppDeps, 'runtime'>): {
  registry: Registry;
  render(): Promise<string>;
} {
  const registry = new Registry();
  // Standard names (process_*, nodejs_*), so stock Node.js dashboards work unchanged.
  collectDefaultMetrics({ register: registry });
  const on = { registers: [registry] };

  const runs = new Counter({
    ...on,
    name: 'leadloop_runs_total',
    help: 'Finished sync runs, by kind and status.',
    labelNames: ['kind', 'status'],
  });
  const duration = new Histogram({
    ...on,
    name: 'leadloop_run_duration_seconds',
    help: 'Wall time of finished sync runs, by kind.',
    labelNames: ['kind'],
    buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200],
  });
  const recordsPulled = new Counter({
    ...on,
    name: 'leadloop_records_pulled_total',
    help: 'Person records pulled by finished runs.',
  });
  const recordsWritten = new Counter({
    ...on,
    name: 'leadloop_records_written_total',
    help: 'Records written by finished runs, by CRM.',
    labelNames: ['crm'],
  });
  const recordsCreated = new Counter({
    ...on,
    name: 'leadloop_records_created_total',
    help: 'Records created (hand-offs) by finished runs, by CRM.',
    labelNames: ['crm'],
  });
  const writeFailures = new Counter({
    ...on,
    name: 'leadloop_write_failures_total',
    help: 'Failed record writes in finished runs, by whether the next run retries them.',
    labelNames: ['retryable'],
  });
  const transitions = new Counter({
    ...on,
    name: 'leadloop_stage_transitions_total',
    help: 'Stage transitions made by finished runs, by the stage entered.',
    labelNames: ['stage'],
  });
  const slaBreaches = new Counter({
    ...on,
    name: 'leadloop_sla_breaches_total',
    help: 'MQLs found past their acceptance SLA by finished runs.',
  });
  const lastFinished = new Gauge({
    ...on,
    name: 'leadloop_last_run_finished_seconds',
    help: 'When the last finished run ended (unix seconds).',
    labelNames: ['kind', 'status'],
  });
  const permanentFailures = new Gauge({
    ...on,
    name: 'leadloop_permanent_failures',
    help: `Records with a permanent write failure, by CRM and error code (capped at ${FAILURE_CAP}).`,
    labelNames: ['crm', 'code'],
  });
  const dirty = new Gauge({
    ...on,
    name: 'leadloop_dirty_people',
    help: 'People waiting to be processed by a run.',
  });
  const drift = new Gauge({
    ...on,
    name: 'leadloop_label_drift',
    help: 'Labels differing from the glossary at the last check (-1: never checked).',
  });
  const apiCalls = new Counter({
    ...on,
    name: 'leadloop_api_calls_total',
    help: 'CRM API calls made by this process.',
    labelNames: ['crm'],
  });
  const rateLimited = new Counter({
    ...on,
    name: 'leadloop_api_rate_limited_total',
    help: 'HTTP 429 answers seen by this process.',
    labelNames: ['crm'],
  });
  const retries = new Counter({
    ...on,
    name: 'leadloop_api_retries_total',
    help: 'Retried CRM calls made by this process.',
    labelNames: ['crm'],
  });
  const dailyUsed = new Gauge({
    ...on,
    name: 'leadloop_api_daily_used',
    help: 'Daily API calls used, as the CRM last reported.',
    labelNames: ['crm'],
  });
  const dailyLimit = new Gauge({
    ...on,
    name: 'leadloop_api_daily_limit',
    help: 'Daily API allocation, as the CRM last reported.',
    labelNames: ['crm'],
  });

  const dailyLimitReached = new Gauge({
    ...on,
    name: 'leadloop_api_daily_limit_reached',
    help: "1 while a CRM's daily API limit stops every call (any worker met it), 0 otherwise.",
    labelNames: ['crm'],
  });
  const dailyLimitResumes = new Gauge({
    ...on,
    name: 'leadloop_api_daily_limit_resumes_seconds',
    help: 'When calls resume after a daily limit stop (unix seconds); present only during the stop.',
    labelNames: ['crm'],
  });

  const unavailableStream = new Gauge({
    ...on,
    name: 'leadloop_behaviour_stream_unavailable',
    help: 'Behaviour streams the CRM account cannot serve at the last pull (1 each), by CRM and stream: their activities never reach the score.',
    labelNames: ['crm', 'stream'],
  });
  const unmatchableRules = new Gauge({
    ...on,
    name: 'leadloop_engagement_rules_unmatchable',
    help: 'Engagement rules (every scored model and the shadowed candidate) whose activity type no available stream carries, by CRM.',
    labelNames: ['crm'],
  });

  // Every per-CRM series exists from the first scrape (at 0), so a dashboard sees it before any call.
  for (const crm of CRMS)
    for (const counter of [apiCalls, rateLimited, retries, recordsWritten, recordsCreated])
      counter.inc({ crm }, 0);

  const seen: string[] = [];
  const seenSet = new Set<string>();
  const count = (run: RunSummary): void => {
    const kind = run.kind;
    runs.inc({ kind, status: run.status });
    if (run.finishedAt !== null)
      duration.observe({ kind }, Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
    recordsPulled.inc(num(run.stats, 'recordsPulled'));
    for (const crm of CRMS) {
      recordsWritten.inc({ crm }, num(run.stats, `recordsWritten.${crm}`));
      recordsCreated.inc({ crm }, num(run.stats, `creates.${crm}`));
    }
    writeFailures.inc({ retryable: 'true' }, num(run.stats, 'writesRetryable'));
    writeFailures.inc(
      { retryable: 'false' },
      num(run.stats, 'writesFailedPermanently') + num(run.stats, 'createsFailed'),
    );
    for (const [key, value] of Object.entries(run.stats))
      if (key.startsWith('transitions.') && typeof value === 'number')
        transitions.inc({ stage: key.slice('transitions.'.length) }, value);
    slaBreaches.inc(num(run.stats, 'slaBreaches'));
  };
  /** Process counters from `usage()` only grow: each render adds what was made since the last one. */
  const before = new Map<string, number>();
  const grow = (counter: Counter, name: string, crm: string, now: number): void => {
    const key = `${name}:${crm}`;
    const delta = now - (before.get(key) ?? 0);
    if (delta > 0) counter.inc({ crm }, delta);
    before.set(key, now);
  };

  const render = async (): Promise<string> => {
    const { store, connectors } = deps.runtime;
    const [recent, waiting, failures, lastDrift, ruleSets, dailyStops] = await Promise.all([
      store.listRuns(RECENT_RUNS),
      store.countDirty(),
      store.listFailures({ limit: FAILURE_CAP, permanent: true }),
      readDriftStatus(store),
      loadEngagementRuleSets(store, deps.runtime.config),
      readDailyLimitAlerts(store, new Date()),
    ]);
    // Oldest first, so counters grow in the order runs finished.
    for (const run of [...recent].reverse()) {
      if (run.finishedAt === null || run.status === 'running' || seenSet.has(run.runId)) continue;
      count(run);
      seen.push(run.runId);
      seenSet.add(run.runId);
      if (seen.length > SEEN_CAP) seenSet.delete(seen.shift() ?? '');
    }
    lastFinished.reset();
    const last = recent.find((r) => r.finishedAt !== null);
    if (last?.finishedAt)
      lastFinished.set({ kind: last.kind, status: last.status }, Date.parse(last.finishedAt) / 1000);
    permanentFailures.reset();
    const byCode = new Map<string, { crm: string; code: string; n: number }>();
    for (const f of failures) {
      const key = `${f.crm}\u0000${f.code}`;
      const entry = byCode.get(key) ?? { crm: f.crm, code: f.code, n: 0 };
      entry.n += 1;
      byCode.set(key, entry);
    }
    for (const { crm, code, n } of byCode.values()) permanentFailures.set({ crm, code }, n);
    unavailableStream.reset();
    unmatchableRules.reset();
    for (const w of warningsOfLastPull(recent, ruleSets)) {
      for (const stream of w.streams) unavailableStream.set({ crm: w.crm, stream }, 1);
      unmatchableRules.set({ crm: w.crm }, w.rules.length);
    }
    dailyLimitResumes.reset();
    for (const crm of CRMS) dailyLimitReached.set({ crm }, 0);
    for (const stop of dailyStops) {
      dailyLimitReached.set({ crm: stop.crm }, 1);
      dailyLimitResumes.set({ crm: stop.crm }, Date.parse(stop.resumesAt) / 1000);
    }
    dirty.set(waiting);
    drift.set(lastDrift?.count ?? -1);
    for (const crm of CRMS) {
      const usage = connectors[crm].usage();
      grow(apiCalls, 'calls', crm, usage.totalCalls);
      grow(rateLimited, '429', crm, usage.http429);
      grow(retries, 'retries', crm, usage.retries);
      if (usage.quota.dailyUsed !== undefined) dailyUsed.set({ crm }, usage.quota.dailyUsed);
      if (usage.quota.dailyLimit !== undefined) dailyLimit.set({ crm }, usage.quota.dailyLimit);
    }
    return registry.metrics();
  };
  return { registry, render };
}

export function getMetrics(deps: AppDeps): RequestHandler {
  const metrics = createAppMetrics(deps);
  let last: { at: number; text: Promise<string> } | undefined;
  return async (_req, res) => {
    const now = Date.now();
    if (last === undefined || now - last.at >= MIN_RENDER_INTERVAL_MS) {
      const text = metrics.render();
      last = { at: now, text };
      // A failed rendering is not cached: the next scrape tries again.
      text.catch(() => {
        if (last?.text === text) last = undefined;
      });
    }
    res.type(metrics.registry.contentType).send(await last.text);
  };
}
