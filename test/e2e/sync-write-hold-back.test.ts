/**
 * Writes held back across chunks (run-sync-in-process.ts `holdBack`): when a run's dirty people span many
 * chunks, the people whose records would only fill a chunk's last, partial write call wait and go with
 * later chunks' people, so a run pays about ⌈records / records per call⌉ write calls per CRM instead of
 * one or more per chunk. Compared with the same world run chunk by chunk without holding anyone back
 * (runSyncInProcess without `holdBack`): fewer calls, the same CRM data, nothing left to write.
 */
import { describe, expect, it } from 'vitest';
import { runSyncInProcess } from '../../src/queue/run-sync-in-process.ts';
import { createSyncPhases } from '../../src/sync/phases.ts';
import type { RunKind } from '../../src/domain/run-kind.ts';
import type { RunReport } from '../../src/sync/run-sync.ts';
import { diffCrmStates, readCrmState, timeStable } from './crm-state.ts';
import { worldsPerTest, writeCounters, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 90_000;
const CHUNK = 20;
/** Records per Salesforce `/composite` of five 200-record collections (the connector's `batchSizes.write`). */
const SF_PER_CALL = 1000;
const open = worldsPerTest();

/** `/composite` calls carrying sObject Collections writes (updates and upserts). */
const salesforceWriteCalls = (w: EngineWorld): number =>
  w.sb.salesforce
    .stats()
    .calls.filter((c) => c.startsWith('POST /composite [') && c.includes('PATCH /composite/sobjects')).length;

/** HubSpot contact batch update / upsert / create calls. */
const hubspotWriteCalls = (w: EngineWorld): number =>
  Object.entries(w.sb.hubspot.stats().byEndpoint)
    .filter(([name]) => /^contacts\.batch\.(update|upsert|create)$/.test(name))
    .reduce((n, [, count]) => n + count, 0);

/** Write calls a run makes, per CRM, with what the run returned. */
async function measured<T>(
  w: EngineWorld,
  run: () => Promise<T>,
): Promise<{ salesforce: number; hubspot: number; result: T }> {
  w.sb.salesforce.resetStats();
  w.sb.hubspot.resetStats();
  const result = await run();
  return { salesforce: salesforceWriteCalls(w), hubspot: hubspotWriteCalls(w), result };
}

/** Salesforce records a run wrote or created, each once. */
const salesforceRecords = (report: RunReport): number =>
  (report.counters['recordsWritten.salesforce'] ?? 0) + (report.counters['creates.salesforce'] ?? 0);

/** The same phases and chunks as `runSync`, each chunk writing all its people at once. */
const chunkByChunk = (w: EngineWorld, kind: RunKind, runId: string) =>
  runSyncInProcess({
    phases: createSyncPhases(w.rt),
    kind,
    runId,
    chunkSize: CHUNK,
    retry: { attempts: 1, backoffMs: 1 },
    signal: new AbortController().signal,
    logger: w.rt.logger,
  });

describe('write hold-back across chunks', () => {
  it(
    'a full sync and an incremental with edits spread over every chunk: fewer write calls, the same CRMs',
    async () => {
      // The org's Title flow settles one run later than leadloop's own writes (sync-org-flows.test.ts):
      // off, so both worlds converge within the same runs.
      const [held, plain] = await Promise.all([
        open({ configure: timeStable, salesforce: { flows: false } }),
        open({ configure: timeStable, salesforce: { flows: false } }),
      ]);

      const fullHeld = await measured(held, () => held.run('full', { chunkSize: CHUNK }));
      const fullPlain = await measured(plain, () => chunkByChunk(plain, 'full', 'plain-full'));
      expect(fullHeld.result.status).toBe('succeeded');
      const records = salesforceRecords(fullHeld.result);
      expect(records).toBeGreaterThan(CHUNK);
      // 200 people in 10 chunks: chunk by chunk pays about a call per chunk. Held back, the records
      // (updates and hand-off creates together) go in ⌈records/1,000⌉ calls, plus one for the follow-up
      // pass that writes the created records' ids.
      expect(fullPlain.salesforce).toBeGreaterThanOrEqual(5);
      expect(fullHeld.salesforce).toBeLessThanOrEqual(Math.ceil(records / SF_PER_CALL) + 1);
      expect(fullHeld.hubspot).toBeLessThan(fullPlain.hubspot);

      // A title edited on every fourth HubSpot contact: the dirty people span every chunk.
      for (const w of [held, plain]) {
        const people = w.sb.dataset.people.filter((p) => p.hubspot);
        people.forEach((p, i) => {
          if (i % 4 === 0) w.sb.hubspot.store.updateContact(w.hubspotId(p), { jobtitle: `Director ${i}` });
        });
      }
      const incHeld = await measured(held, () => held.run('incremental', { chunkSize: CHUNK }));
      const incPlain = await measured(plain, () => chunkByChunk(plain, 'incremental', 'plain-incremental'));
      expect(incHeld.result.status).toBe('succeeded');
      const changed = salesforceRecords(incHeld.result);
      expect(changed).toBeGreaterThan(CHUNK);
      expect(incPlain.salesforce).toBeGreaterThanOrEqual(5);
      expect(incHeld.salesforce).toBeLessThanOrEqual(Math.ceil(changed / SF_PER_CALL) + 1);
      expect(incHeld.hubspot).toBeLessThan(incPlain.hubspot);

      const [a, b] = await Promise.all([readCrmState(held.sb), readCrmState(plain.sb)]);
      expect(a.counts).toEqual(b.counts);
      expect(diffCrmStates(a, b)).toEqual([]);
      // Nobody was left behind: the next poll has nothing to write.
      expect(writeCounters(await held.run('incremental', { chunkSize: CHUNK }))).toEqual({});
    },
    TIMEOUT,
  );
});
