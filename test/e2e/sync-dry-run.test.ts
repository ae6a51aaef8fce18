/**
 * `sync --dry-run` on the sandboxes: the run plans (and counts) every write through the same code as a
 * real run, but no CRM field, record or stamp changes and leadloop's state (cursors, links, dirty set,
 * run history) stays as it was.
 */
import { describe, expect, it } from 'vitest';
import type { PersonPlan } from '../../src/sync/plan-person.ts';
import { worldsPerTest, writeCounters } from './engine-world.ts';
import { CURSOR_KEYS, cursors, writeFingerprint } from './world-probes.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

describe('dry run', () => {
  it(
    'on a fresh world plans everything and writes nothing: no fields, no records, no state',
    async () => {
      const w = await open();
      const before = writeFingerprint(w);
      const plans: PersonPlan[] = [];
      const report = await w.run('full', { dryRun: true, onPlan: (p) => plans.push(p) });
      expect(report.dryRun).toBe(true);
      expect(report.provisioned.length).toBeGreaterThan(20);
      expect(plans.length).toBeGreaterThan(150);
      expect(plans.some((p) => p.writes.length > 0)).toBe(true);
      expect(report.counters['writes.hubspot.leadloop_score']).toBeGreaterThan(0);
      expect(writeFingerprint(w)).toBe(before);
      // Fields are provisioned through properties batch create and Tooling /composite.
      expect(w.sb.hubspot.stats().byEndpoint['properties.batch.create'] ?? 0).toBe(0);
      // The field-visibility probe may read through Tooling /composite; nothing is created there.
      expect(
        w.sb.salesforce
          .stats()
          .calls.filter((c) => c.includes('/tooling/composite') && /(\[|; )(POST|PATCH|PUT|DELETE) /.test(c)),
      ).toEqual([]);
      expect(await cursors(w.rt.store)).toEqual(CURSOR_KEYS.map(() => null));
      expect(await w.rt.store.countLinks()).toBe(0);
      expect(await w.rt.store.listRuns(10)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'after changes plans exactly the writes the real run then makes, leaving cursors and CRMs as they were',
    async () => {
      const w = await open();
      await w.run('full');
      const [person] = w.people('HL-');
      if (!person) throw new Error('world has no HubSpot + Lead person');
      w.sb.hubspot.store.updateContact(w.hubspotId(person), { jobtitle: 'Chief Robot Officer' });
      const cursorsBefore = await cursors(w.rt.store);
      const dirtyBefore = await w.rt.store.countDirty();
      const before = writeFingerprint(w);

      const planned: PersonPlan[] = [];
      const dry = await w.run('incremental', { dryRun: true, onPlan: (p) => planned.push(p) });
      const titleWrites = planned.flatMap((p) => p.writes).filter((x) => x.field === 'Title');
      expect(titleWrites).toEqual([
        expect.objectContaining({
          crm: 'salesforce',
          id: w.leadId(person),
          to: 'Chief Robot Officer',
          reason: 'mapping two-way:hubspot-changed',
        }),
      ]);
      expect(writeFingerprint(w)).toBe(before);
      expect(await cursors(w.rt.store)).toEqual(cursorsBefore);
      expect(await w.rt.store.countDirty()).toBe(dirtyBefore);

      const real = await w.run('incremental');
      expect(writeCounters(real)).toEqual(writeCounters(dry));
      expect(w.salesforce('Lead', w.leadId(person))['Title']).toBe('Chief Robot Officer');
    },
    TIMEOUT,
  );
});
