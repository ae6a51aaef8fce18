/**
 * A mapping added to a synced world backfills: snapshots held only the fields mapped when they were
 * pulled, so the next run (incremental, rescore or its dry run) re-reads the streams that gained a field,
 * plans the writes, makes them, and the run after writes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { PersonPlan } from '../../src/sync/plan-person.ts';
import { worldsPerTest, writeCounters } from './engine-world.ts';

const TIMEOUT = 90_000;
const open = worldsPerTest();

const withCity = (config: LeadloopConfig): LeadloopConfig => ({
  ...config,
  fieldMappings: [
    ...config.fieldMappings,
    {
      hubspot: 'city',
      salesforce: { lead: 'City', contact: 'MailingCity' },
      rule: 'always-hubspot',
      direction: 'both',
    },
  ] as LeadloopConfig['fieldMappings'],
});

describe('a new field mapping backfills', () => {
  it(
    'plans the new field in the next incremental dry run, writes it, then stays quiet',
    async () => {
      // About a new mapping: the org's Title flow would add its own once-only rewrites to the runs, so it is off.
      const w = await open({ salesforce: { flows: false } });
      const people = [...w.people('HL-'), ...w.people('H-C')].slice(0, 17);
      expect(people.length).toBe(17);
      for (const [i, p] of people.entries())
        w.sb.hubspot.store.updateContact(w.hubspotId(p), { city: `Springfield ${i}` });
      await w.run('full');
      expect(writeCounters(await w.run('incremental'))).toEqual({});

      await w.reconfigure(withCity);
      const planned: PersonPlan[] = [];
      const dry = await w.run('incremental', { dryRun: true, onPlan: (p) => planned.push(p) });
      const cityWrites = planned
        .flatMap((p) => p.writes)
        .filter((x) => x.field === 'City' || x.field === 'MailingCity');
      expect(cityWrites).toHaveLength(17);
      expect(dry.counters['backfilledStreams']).toBeGreaterThan(0);

      const real = await w.run('incremental');
      const written = writeCounters(real);
      expect((written['writes.salesforce.City'] ?? 0) + (written['writes.salesforce.MailingCity'] ?? 0)).toBe(
        17,
      );
      const first = people[0];
      if (!first) throw new Error('no person');
      const sfRecord = first.salesforceLead ? w.salesforce('Lead', w.leadId(first)) : undefined;
      if (sfRecord) expect(sfRecord['City']).toBe('Springfield 0');

      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
      expect(quiet.counters['backfilledStreams'] ?? 0).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'backfills on a rescore too',
    async () => {
      // As above: the org's Title flow is off.
      const w = await open({ salesforce: { flows: false } });
      const [p] = w.people('HL-');
      if (!p) throw new Error('no HubSpot + Lead person');
      w.sb.hubspot.store.updateContact(w.hubspotId(p), { city: 'Shelbyville' });
      await w.run('full');
      // Past the records leadloop's own writes bring back into the next pull.
      expect(writeCounters(await w.run('incremental'))).toEqual({});
      await w.reconfigure(withCity);
      await w.run('rescore');
      expect(w.salesforce('Lead', w.leadId(p))['City']).toBe('Shelbyville');
    },
    TIMEOUT,
  );
});
