/**
 * One engine behind every run kind: `sync --once` (runSync), a dry run and the embedded scheduler run the
 * same phases with the same runner, so each checks label drift, each records the same counters and each
 * means the same by its status. Before, only runSync checked drift and the scheduled path never enforced
 * the glossary.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import { startEmbeddedScheduler } from '../../src/queue/embedded-scheduler.ts';
import { createSyncPhases } from '../../src/sync/phases.ts';
import { findRun } from '../../src/sync/run-stats.ts';
import { applyLabelPlan, failedResults } from '../../src/terminology/apply-labels.ts';
import { currentLabelPlan, readDriftStatus } from '../../src/terminology/drift.ts';
import { worldsPerTest, type EngineWorld } from './engine-world.ts';

const open = worldsPerTest();
const NEVER = { incremental: '0 0 1 1 *', rescore: '0 0 1 1 *', fullReconcile: '0 0 1 1 *', timezone: 'UTC' };

/** A synced world whose CRMs carry the glossary's labels, so a hand-made rename is the only drift. */
async function synced(w: EngineWorld): Promise<void> {
  await w.run('full');
  const applied = await applyLabelPlan(w.rt.connectors, await currentLabelPlan(w.rt));
  expect(failedResults(applied)).toEqual([]);
}

async function scheduledRun(w: EngineWorld) {
  const scheduler = startEmbeddedScheduler({
    phases: createSyncPhases(w.rt),
    schedule: NEVER,
    logger: createLogger({ level: 'silent' }),
    locks: w.rt.store,
  });
  try {
    const outcome = await scheduler.trigger('full');
    if (outcome.status !== 'committed') throw new Error(`scheduled run ${outcome.status}`);
    const summary = await findRun(w.rt.store, outcome.runId);
    if (!summary) throw new Error('scheduled run left no summary');
    return summary;
  } finally {
    await scheduler.stop();
  }
}

describe('one sync driver', () => {
  it('once, dry run and scheduled runs all check label drift and report the same counters', async () => {
    const w = await open({ people: 60, seed: 5 });
    await synced(w);
    w.sb.hubspot.store.setPropertyLabel('leadloop_score', 'Points');

    const once = await w.run('full');
    const dry = await w.run('full', { dryRun: true });
    w.sb.hubspot.resetStats();
    w.sb.salesforce.resetStats();
    const scheduled = await scheduledRun(w);

    expect(once.counters['labelDrift']).toBe(1);
    expect(dry.counters['labelDrift']).toBe(1);
    expect(scheduled.stats['labelDrift']).toBe(1);
    for (const report of [once, dry]) {
      expect(report.status).toBe('succeeded');
      expect(report.counters['failedChunks']).toBe(0);
      expect(report.counters['recordsPulled']).toBeGreaterThan(0);
    }
    expect(scheduled.status).toBe('succeeded');
    expect(scheduled.stats['recordsPulled']).toBe(once.counters['recordsPulled']);
    expect(scheduled.stats['failedChunks']).toBe(0);
    // The scheduler's runs record their API calls too (each phase adds its own, metered-phases.ts).
    expect(Number(once.counters['apiCalls.hubspot'])).toBeGreaterThan(0);
    expect([scheduled.stats['apiCalls.hubspot'], scheduled.stats['apiCalls.salesforce']]).toEqual([
      w.sb.hubspot.stats().totalCalls,
      w.sb.salesforce.stats().totalCalls,
    ]);
    expect(await readDriftStatus(w.rt.store)).toMatchObject({ count: 1, enforced: false });
  });

  it('terminology.enforce puts a renamed label back on a scheduled run too', async () => {
    const w = await open({ people: 40, seed: 6 });
    await synced(w);
    await w.reconfigure((c) => ({ ...c, terminology: { ...c.terminology, enforce: true } }));
    w.sb.hubspot.store.setPropertyLabel('leadloop_score', 'Points');
    const scheduled = await scheduledRun(w);
    expect(scheduled.stats['labelDrift']).toBe(1);
    expect(w.sb.hubspot.store.listProperties().find((p) => p.name === 'leadloop_score')?.label).toBe(
      'Lead Score',
    );
  });

  it('a dry run relabels nothing even with terminology.enforce', async () => {
    const w = await open({ people: 40, seed: 8 });
    await synced(w);
    await w.reconfigure((c) => ({ ...c, terminology: { ...c.terminology, enforce: true } }));
    w.sb.hubspot.store.setPropertyLabel('leadloop_score', 'Points');
    const dry = await w.run('full', { dryRun: true });
    expect(dry.counters['labelDrift']).toBe(1);
    expect(w.sb.hubspot.store.listProperties().find((p) => p.name === 'leadloop_score')?.label).toBe(
      'Points',
    );
  });

  it('a run that fails before its commit is recorded as failed', async () => {
    const w = await open({ people: 20, seed: 9 });
    await synced(w);
    await w.reconfigure((c) => ({
      ...c,
      connections: {
        ...c.connections,
        hubspot: { ...c.connections.hubspot, accessToken: 'pat-na1-00000000-revoked' },
      },
    }));
    await expect(w.run('full')).rejects.toThrow();
    const runs = await w.rt.store.listRuns(5);
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.error).toBeTruthy();
  });
});
