/**
 * `--real-limits`: a first full sync at size M with HubSpot Professional's limits switched on in the
 * sandbox (190 / 10 s, search 5 / s, 625,000 / day) and leadloop configured for the same tier. Measured
 * wall time against the projection (calls ÷ allowed rate), 429s, and rate-budget utilisation
 * (projected ÷ measured: 100 % means the limiter never left quota unused).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { projectSeconds } from './bench-row.ts';
import { measure } from './measure.ts';
import { SandboxChild } from './sandbox-child.ts';

export interface RealLimitsResult {
  readonly size: 'M';
  readonly scenario: 'real limits: full sync, HubSpot Professional';
  readonly crm: 'hubspot';
  readonly people: number;
  readonly apiCalls: number;
  readonly byEndpoint: Record<string, number>;
  readonly http429: number;
  readonly measuredSec: number;
  readonly projectedSec: number;
  /** projected ÷ measured */
  readonly utilisation: number;
  readonly cpuSecLeadloop: number;
  readonly peakRssMb: number;
  readonly salesforceCalls: number;
}

/** https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines (via the sandbox's switch) */
async function hubSpotTierOn(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/__sandbox/limits`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tier: 'professional' }),
  });
  if (!res.ok) throw new Error(`could not switch HubSpot limits on: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function runRealLimits(options: {
  readonly people: number;
  readonly seed: number;
  readonly logDir: string;
  readonly onNote?: (line: string) => void;
}): Promise<RealLimitsResult> {
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-bench-limits-'));
  const child = await SandboxChild.start({
    people: options.people,
    seed: options.seed,
    logFile: join(options.logDir, 'sandbox-real-limits.log'),
    timeoutMs: 30 * 60_000,
  });
  const logger = createLogger({
    level: 'warn',
    destination: pino.destination({ dest: join(options.logDir, 'leadloop-real-limits.log'), sync: false }),
  });
  try {
    await hubSpotTierOn(child.ready.connections.hubspot.baseUrl);
    options.onNote?.(
      `real limits: ${options.people} people, HubSpot Professional limits on in the sandbox and in leadloop`,
    );
    const config = await buildSandboxConfig(child.ready.connections, join(dir, 'state.sqlite'), {
      hubspotTier: 'professional',
    });
    const runtime = await openRuntime(config, { logger });
    try {
      await child.resetStats();
      const run = await measure(() => runSync(runtime, { kind: 'full' }));
      const stats = await child.stats();
      const projectedSec = projectSeconds('hubspot', stats.hubspot.byEndpoint);
      const measuredSec = run.wallMs / 1000;
      return {
        size: 'M',
        scenario: 'real limits: full sync, HubSpot Professional',
        crm: 'hubspot',
        people: options.people,
        apiCalls: stats.hubspot.totalCalls,
        byEndpoint: stats.hubspot.byEndpoint,
        http429: stats.hubspot.http429,
        measuredSec,
        projectedSec,
        utilisation: projectedSec / measuredSec,
        cpuSecLeadloop: run.cpuMs / 1000,
        peakRssMb: run.peakRssMb,
        salesforceCalls: stats.salesforce.totalCalls,
      };
    } finally {
      await runtime.close();
    }
  } finally {
    logger.flush();
    await child.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatRealLimits(r: RealLimitsResult): string[] {
  const ok = (b: boolean): string => (b ? '✓' : '✗');
  return [
    `real-limits run (M, first full sync, HubSpot Professional: 190 / 10 s, search 5 / s):`,
    `  HubSpot calls ${r.apiCalls.toLocaleString('en-US')}, Salesforce calls ${r.salesforceCalls.toLocaleString('en-US')}`,
    `  measured ${r.measuredSec.toFixed(0)} s vs projected ${r.projectedSec.toFixed(0)} s (calls ÷ allowed rate, sequential)`,
    `  ${ok(r.http429 === 0)} 429s received: ${r.http429}`,
    `  ${ok(r.utilisation >= 0.9)} rate-budget utilisation ${(r.utilisation * 100).toFixed(0)} % (target ≥ 90 %)`,
    `  leadloop CPU ${r.cpuSecLeadloop.toFixed(0)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  ];
}
