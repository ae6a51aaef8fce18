/**
 * §B5 #24: a create whose outcome is uncertain. The create lands in the CRM but its answer is lost (the
 * wrapped connector performs the real call, then throws a transient timeout), on both CRMs: Salesforce
 * Leads from the HubSpot hand-off and HubSpot contacts for Salesforce people. The engine records the
 * creates as retryable failures; the next run reconciles through the upsert on the linked id, so the CRMs
 * end exactly as a clean run leaves an identical world: no duplicate record, every person linked.
 */
import { afterEach, expect, it } from 'vitest';
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName } from '../../src/domain/crm.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { diffCrmStates, readCrmState, timeStable } from '../e2e/crm-state.ts';
import { openEngineWorld, writeCounters, type EngineWorld } from '../e2e/engine-world.ts';

const worlds: EngineWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** The connector with its first `create` call's answer lost after the CRM applied it. */
function losingFirstCreate(connector: CrmConnector, lost: { calls: number; records: number }): CrmConnector {
  return {
    ...connector,
    objects: connector.objects,
    batchSizes: connector.batchSizes,
    crm: connector.crm,
    async create(object, creates) {
      const outcomes = await connector.create(object, creates);
      if (lost.calls > 0) return outcomes;
      lost.calls += 1;
      lost.records = outcomes.filter((o) => o.ok).length;
      throw new SyncError('transient', 'ETIMEDOUT', 'timed out reading the create response', {
        object,
      });
    },
  };
}

const live = (w: EngineWorld, sobject: 'Lead' | 'Contact'): Record<string, unknown>[] =>
  [...(w.sb.salesforce.store.tables.get(sobject)?.rows.values() ?? [])].filter(
    (r) => r['IsDeleted'] !== true,
  );

it('creates whose answers are lost are reconciled by upsert next run: no duplicates, same CRMs as a clean run', async () => {
  // About lost create answers: the org's Title flow settles one run later than leadloop's own writes, so
  // the two worlds would differ by run count alone; it is off.
  const [w, clean] = await Promise.all([
    openEngineWorld({ people: 160, seed: 24, configure: timeStable, salesforce: { flows: false } }),
    openEngineWorld({ people: 160, seed: 24, configure: timeStable, salesforce: { flows: false } }),
  ]);
  worlds.push(w, clean);
  const lost: Record<CrmName, { calls: number; records: number }> = {
    hubspot: { calls: 0, records: 0 },
    salesforce: { calls: 0, records: 0 },
  };
  const leadsBefore = live(w, 'Lead').length;
  const contactsBefore = w.sb.hubspot.store.contactCount();
  const faulty = {
    ...w.rt,
    connectors: {
      hubspot: losingFirstCreate(w.rt.connectors.hubspot, lost.hubspot),
      salesforce: losingFirstCreate(w.rt.connectors.salesforce, lost.salesforce),
    },
  };

  const first = await runSync(faulty, { kind: 'full' });
  // Both CRMs really got creates whose answers were lost.
  expect(lost.salesforce.records).toBeGreaterThan(0);
  expect(lost.hubspot.records).toBeGreaterThan(0);
  expect(live(w, 'Lead').length).toBe(leadsBefore + lost.salesforce.records);
  expect(w.sb.hubspot.store.contactCount()).toBe(contactsBefore + lost.hubspot.records);
  // ...and the engine did not take them as done: recorded as retryable failures of the run.
  expect(first.status).not.toBe('succeeded');
  const pending = await w.rt.store.listFailures({ limit: 1000, permanent: false });
  expect(pending.filter((f) => f.code === 'ETIMEDOUT').length).toBe(
    lost.salesforce.records + lost.hubspot.records,
  );

  const retry = await runSync(faulty, { kind: 'incremental' });
  expect(retry.status).toBe('succeeded');
  expect(await w.rt.store.listFailures({ limit: 1000 })).toEqual([]);
  // Nothing new was created: the records the lost calls made are found by their linked ids.
  expect(live(w, 'Lead').length).toBe(leadsBefore + lost.salesforce.records);
  expect(w.sb.hubspot.store.contactCount()).toBe(contactsBefore + lost.hubspot.records);
  const hubspotIds = live(w, 'Lead')
    .map((r) => r['Leadloop_HubSpot_Id__c'])
    .filter((id) => typeof id === 'string' && id !== '');
  expect(new Set(hubspotIds).size).toBe(hubspotIds.length);
  const quiet = await runSync(faulty, { kind: 'incremental' });
  expect(writeCounters(quiet)).toEqual({});
  expect(quiet.counters['creates.salesforce'] ?? 0).toBe(0);
  expect(quiet.counters['creates.hubspot'] ?? 0).toBe(0);

  expect((await clean.run('full')).status).toBe('succeeded');
  const [a, b] = await Promise.all([readCrmState(w.sb), readCrmState(clean.sb)]);
  expect(a.counts).toEqual(b.counts);
  expect(diffCrmStates(a, b)).toEqual([]);
}, 120_000);
