/**
 * A value HubSpot would refuse, end to end: HubSpot fails a whole batch update for one bad value, so the
 * connector checks values against the describe first. A Salesforce email HubSpot's format check refuses
 * (one-letter TLD) becomes that person's permanent failure with HubSpot's code, the property and the value,
 * costs no call, and is grouped in sync health like any refused write; the rest of the batch lands. Once
 * Sales fixes the address, the next run writes it and the failure is gone.
 */
import { describe, expect, it } from 'vitest';
import { groupFailures } from '../../src/health/failure-groups.ts';
import { worldsPerTest } from './engine-world.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

describe('a value HubSpot would refuse', () => {
  it(
    'is its record’s permanent failure, costs no call, shows in sync health, and clears once fixed',
    async () => {
      // Salesforce's email wins here, so a Sales edit is what HubSpot is asked to take.
      const w = await open({
        configure: (config) => ({
          ...config,
          fieldMappings: config.fieldMappings.map((m) =>
            m.hubspot === 'email' ? { ...m, rule: 'prefer-salesforce-unless-blank' as const } : m,
          ),
        }),
      });
      await w.run('full');
      const [typo, fine] = w.people('HL-');
      if (!typo || !fine) throw new Error('not enough HubSpot + Lead people');
      const hubspotEmail = w.hubspot(w.hubspotId(typo))['email'];
      w.sb.salesforce.store.update('Lead', w.leadId(typo), { Email: 'ann.smith@example.c' });
      w.sb.salesforce.store.update('Lead', w.leadId(fine), { Email: 'ann.jones@example.org' });
      w.sb.hubspot.resetStats();

      const run = await w.run('incremental');

      expect(run.status).toBe('succeeded');
      expect(w.hubspot(w.hubspotId(fine))['email']).toBe('ann.jones@example.org');
      expect(w.hubspot(w.hubspotId(typo))['email']).toBe(hubspotEmail);
      const failures = await w.rt.store.listFailures({ limit: 10 });
      expect(failures).toEqual([
        expect.objectContaining({
          crm: 'hubspot',
          object: 'contact',
          recordId: w.hubspotId(typo),
          code: 'INVALID_EMAIL',
          message:
            'Not sent to HubSpot, which would refuse it: email "ann.smith@example.c" is not a valid email address',
          fields: ['email'],
          permanent: true,
        }),
      ]);
      expect(groupFailures(failures).map((g) => [g.key, g.count])).toEqual([
        ['hubspot:contact:INVALID_EMAIL:permanent', 1],
      ]);
      // One batch update for the run's writes: the refused value was never sent, no batch was split.
      expect(w.sb.hubspot.stats().byEndpoint['contacts.batch.update']).toBe(1);

      w.sb.salesforce.store.update('Lead', w.leadId(typo), { Email: 'ann.smith@example.com' });
      await w.run('incremental');
      expect(w.hubspot(w.hubspotId(typo))['email']).toBe('ann.smith@example.com');
      expect(await w.rt.store.listFailures({ limit: 10 })).toEqual([]);
    },
    TIMEOUT,
  );
});
