/**
 * `GET /metrics`: Prometheus text. Runs, writes and failures come from the state store (so a server
 * reports what the workers did); API calls are this process's connectors (`usage()`). One rendering
 * serves every scrape within `MIN_RENDER_INTERVAL_MS` (concurrent scrapes share it), so the store's cost
 * per minute is bounded whatever the scrape rate.
 */
import type { RequestHandler } from 'express';
import { CRMS } from '../sync/context.ts';
import { readDriftStatus } from '../terminology/drift.ts';
import type { AppDeps } from './app-deps.ts';
import { formatMetrics, type MetricFamily } from './format-metrics.ts';

const RECENT_RUNS = 100;
const MIN_RENDER_INTERVAL_MS = 5_000;
const FAILURE_CAP = 10_000;

const stat = (stats: Record<string, unknown>, key: string): number => {
  const v = stats[key];
  return typeof v === 'number' ? v : 0;
};

export function getMetrics(deps: AppDeps): RequestHandler {
  let last: { at: number; text: Promise<string> } | undefined;
  return async (_req, res) => {
    const now = Date.now();
    if (last === undefined || now - last.at >= MIN_RENDER_INTERVAL_MS) {
      const text = renderMetrics(deps);
      last = { at: now, text };
      // A failed rendering is not cached: the next scrape tries again.
      text.catch(() => {
        if (last?.text === text) last = undefined;
      });
    }
    res.type('text/plain; version=0.0.4; charset=utf-8').send(await last.text);
  };
}

async function renderMetrics(deps: AppDeps): Promise<string> {
  const { store, connectors } = deps.runtime;
  const [runs, dirty, failures, drift] = await Promise.all([
    store.listRuns(RECENT_RUNS),
    store.countDirty(),
    store.listFailures({ limit: FAILURE_CAP, permanent: true }),
    readDriftStatus(store),
  ]);
  const byStatus = new Map<string, number>();
  for (const r of runs) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const last = runs.find((r) => r.finishedAt !== null);
  const usage = CRMS.map((crm) => connectors[crm].usage());
  const families: MetricFamily[] = [
    {
      name: 'leadloop_runs_recent',
      help: `Runs among the last ${RECENT_RUNS}, by status.`,
      type: 'gauge',
      samples: [...byStatus].map(([status, value]) => ({ labels: { status }, value })),
    },
    {
      name: 'leadloop_last_run_finished_seconds',
      help: 'When the last finished run ended (unix seconds).',
      type: 'gauge',
      samples: last?.finishedAt
        ? [{ labels: { kind: last.kind, status: last.status }, value: Date.parse(last.finishedAt) / 1000 }]
        : [],
    },
    {
      name: 'leadloop_last_run_records_written',
      help: 'Records written by the last finished run, per CRM.',
      type: 'gauge',
      samples: last
        ? CRMS.map((crm) => ({ labels: { crm }, value: stat(last.stats, `recordsWritten.${crm}`) }))
        : [],
    },
    {
      name: 'leadloop_permanent_failures',
      help: `Records with a permanent write failure (capped at ${FAILURE_CAP}).`,
      type: 'gauge',
      samples: [{ value: failures.length }],
    },
    {
      name: 'leadloop_dirty_people',
      help: 'People waiting to be processed by a run.',
      type: 'gauge',
      samples: [{ value: dirty }],
    },
    {
      name: 'leadloop_label_drift',
      help: 'Labels differing from the glossary at the last check (-1: never checked).',
      type: 'gauge',
      samples: [{ value: drift?.count ?? -1 }],
    },
    {
      name: 'leadloop_api_calls_total',
      help: 'CRM API calls made by this process.',
      type: 'counter',
      samples: usage.map((u) => ({ labels: { crm: u.crm }, value: u.totalCalls })),
    },
    {
      name: 'leadloop_api_rate_limited_total',
      help: 'HTTP 429 answers seen by this process.',
      type: 'counter',
      samples: usage.map((u) => ({ labels: { crm: u.crm }, value: u.http429 })),
    },
    {
      name: 'leadloop_api_retries_total',
      help: 'Retried CRM calls.',
      type: 'counter',
      samples: usage.map((u) => ({ labels: { crm: u.crm }, value: u.retries })),
    },
    {
      name: 'leadloop_api_daily_used',
      help: 'Daily API calls used, as the CRM last reported.',
      type: 'gauge',
      samples: usage.flatMap((u) =>
        u.quota.dailyUsed === undefined ? [] : [{ labels: { crm: u.crm }, value: u.quota.dailyUsed }],
      ),
    },
    {
      name: 'leadloop_api_daily_limit',
      help: 'Daily API allocation, as the CRM last reported.',
      type: 'gauge',
      samples: usage.flatMap((u) =>
        u.quota.dailyLimit === undefined ? [] : [{ labels: { crm: u.crm }, value: u.quota.dailyLimit }],
      ),
    },
  ];
  return formatMetrics(families);
}
