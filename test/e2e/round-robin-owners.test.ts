/**
 * Hand-off owners rotate through `handoff.owners.roundRobin` without repeats, even when chunk jobs plan
 * side by side (four at a time on workers): each reserves its turns of the rotation atomically.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/scoring/compile-model.ts';
import { WELL_KNOWN } from '../../src/sync/crm-fields.ts';
import type { PersonPlan } from '../../src/sync/plan-person.ts';
import { prepareRun } from '../../src/sync/prepare.ts';
import { processChunk } from '../../src/sync/process-chunk.ts';
import { RunCounters } from '../../src/sync/run-counters.ts';
import { worldsPerTest } from './engine-world.ts';

const TIMEOUT = 90_000;
const open = worldsPerTest();
const OWNERS = Array.from({ length: 400 }, (_, i) => `005R${String(i).padStart(11, '0')}`);

describe('round-robin owners', () => {
  it(
    'two chunk jobs planning at once never hand out the same owner',
    async () => {
      const w = await open({
        people: 400,
        configure: (config) => ({
          ...config,
          handoff: {
            ...config.handoff,
            createInSalesforce: 'all',
            owners: { assignmentRules: false, roundRobin: OWNERS },
          },
        }),
      });
      // Pull only (fields provisioned, people linked and dirty); nothing is planned yet.
      await w.run('full', { limitPeople: 0 });
      const dirty = await w.rt.store.listDirty(10_000);
      expect(dirty.length).toBeGreaterThan(20);

      const prepared = await prepareRun(w.rt, { dryRun: false });
      const model = compileModel(w.rt.config.scoring, {
        explanationLength: w.rt.config.fields.explanationLength,
      });
      const settings = { config: w.rt.config, model, targets: prepared.targets };
      const plans: PersonPlan[] = [];
      const half = Math.ceil(dirty.length / 2);
      const chunk = (ids: readonly string[]) =>
        processChunk(
          w.rt,
          w.rt.store,
          settings,
          { runId: 'rr-test', personIds: ids, dryRun: true, onPlan: (p) => plans.push(p) },
          new RunCounters(),
        );
      await Promise.all([chunk(dirty.slice(0, half)), chunk(dirty.slice(half))]);

      const owners = plans.flatMap((p) =>
        p.creates.flatMap((c) => {
          const owner = c.fields[WELL_KNOWN.owner.field];
          return typeof owner === 'string' ? [owner] : [];
        }),
      );
      expect(owners.length).toBeGreaterThan(10);
      expect(new Set(owners).size).toBe(owners.length);
    },
    TIMEOUT,
  );
});
