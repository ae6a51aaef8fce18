/**
 * `/metrics` is prom-client's exposition: Node's process metrics plus leadloop's. A finished run is
 * counted once however often it is scraped, its duration lands in the histogram, and the CRM call
 * counters only grow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../../src/http/get-metrics.ts';
import { runSync } from '../../../src/sync/run-sync.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series} in:\n${text.slice(0, 2000)}`);
  return Number(line.slice(series.length + 1));
};

describe('/metrics (prom-client)', () => {
  it('counts each finished run once, with its duration, records and calls', async () => {
    const metrics = createAppMetrics({ runtime: t.runtime });
    const before = await metrics.render();
    expect(before).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(before).toMatch(/^# TYPE leadloop_runs_total counter$/m);

    const report = await runSync(t.runtime, { kind: 'full' });
    const first = await metrics.render();
    const second = await metrics.render();
    for (const text of [first, second]) {
      expect(sample(text, 'leadloop_runs_total{kind="full",status="succeeded"}')).toBe(1);
      expect(sample(text, 'leadloop_run_duration_seconds_count{kind="full"}')).toBe(1);
      expect(sample(text, 'leadloop_records_pulled_total')).toBe(report.counters.recordsPulled);
      expect(sample(text, 'leadloop_records_written_total{crm="hubspot"}')).toBe(
        report.counters['recordsWritten.hubspot'],
      );
      expect(sample(text, 'leadloop_stage_transitions_total{stage="MQL"}')).toBe(
        report.counters['transitions.MQL'] ?? 0,
      );
    }
    const calls = t.runtime.connectors.hubspot.usage().totalCalls;
    expect(sample(second, 'leadloop_api_calls_total{crm="hubspot"}')).toBe(calls);
    expect(sample(second, 'leadloop_dirty_people')).toBe(0);
  });

  it('serves it with the exposition content type', async () => {
    const res = await t.admin('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
