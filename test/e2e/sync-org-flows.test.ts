/**
 * The Salesforce org's record-triggered flow (the sandbox's "Title Normaliser", on by default) rewrites
 * Titles on leadloop's own writes. End to end on both sandbox CRMs: under the example config's two-way
 * jobtitle the org's value reaches HubSpot once and the runs go quiet; under a one-way rule leadloop
 * writes its value once more, then accepts the org's and reports it, and the runs go quiet.
 */
import { describe, expect, it } from 'vitest';
import { normaliseTitle } from '../../connectors/salesforce/sandbox/write/flows.ts';
import { worldsPerTest, writeCounters } from './engine-world.ts';
import { writeFingerprint } from './world-probes.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

describe("the org's Title flow", () => {
  it(
    'two-way jobtitle: a Title the flow spelled out on a score write reaches HubSpot on the next run, then quiet',
    async () => {
      // Seed 3: its HubSpot-and-Lead people include generated VP titles the flow spells out.
      const w = await open({ seed: 3 });
      await w.run('full');
      // The generator's VP titles: the full run wrote scores to their Leads, and each save ran the flow.
      const vps = w.people('HL-').filter((p) => p.jobTitle && normaliseTitle(p.jobTitle) !== p.jobTitle);
      expect(vps.length).toBeGreaterThan(0);
      for (const p of vps) {
        expect(w.salesforce('Lead', w.leadId(p))['Title']).toBe(normaliseTitle(p.jobTitle as string));
        expect(w.hubspot(w.hubspotId(p))['jobtitle']).toBe(p.jobTitle);
      }

      const second = await w.run('incremental');
      expect(second.status).toBe('succeeded');
      expect(second.counters['writes.hubspot.jobtitle']).toBeGreaterThanOrEqual(vps.length);
      for (const p of vps) {
        expect(w.hubspot(w.hubspotId(p))['jobtitle']).toBe(normaliseTitle(p.jobTitle as string));
      }

      const before = writeFingerprint(w);
      const third = await w.run('incremental');
      expect(writeCounters(third)).toEqual({});
      expect(writeFingerprint(w) === before, 'the third run changed a CRM').toBe(true);
    },
    TIMEOUT,
  );

  it(
    'always-hubspot jobtitle: written once more after the rewrite, then the org’s value is accepted and counted, then quiet',
    async () => {
      const w = await open({
        configure: (config) => ({
          ...config,
          fieldMappings: config.fieldMappings.map((m) =>
            m.hubspot === 'jobtitle' ? { ...m, rule: 'always-hubspot' as const } : m,
          ),
        }),
      });
      await w.run('full');
      // A Lead joined into another person as a duplicate is not this person's record: pass it over.
      const candidates = w
        .people('HL-')
        .filter((p) => !p.jobTitle || normaliseTitle(p.jobTitle) === p.jobTitle);
      let person: (typeof candidates)[number] | undefined;
      for (const p of candidates) {
        const link = await w.linkOf(w.leadId(p)).catch(() => undefined);
        if (link && link.salesforceLeadId === w.leadId(p) && link.hubspotId === w.hubspotId(p)) {
          person = p;
          break;
        }
      }
      if (!person) throw new Error('no linked HubSpot + Lead person');
      w.sb.hubspot.store.updateContact(w.hubspotId(person), { jobtitle: 'VP Sales' });
      const lead = () => w.salesforce('Lead', w.leadId(person))['Title'];

      const written = await w.run('incremental');
      expect(written.counters['writes.salesforce.Title']).toBeGreaterThanOrEqual(1);
      expect(lead()).toBe('Vice President Sales');

      const again = await w.run('incremental');
      expect(again.counters['writes.salesforce.Title']).toBeGreaterThanOrEqual(1);
      expect(lead()).toBe('Vice President Sales');

      const accepted = await w.run('incremental');
      expect(accepted.counters['writes.salesforce.Title'] ?? 0).toBe(0);
      expect(accepted.counters['rewrittenByOrg.salesforce.lead.Title']).toBeGreaterThanOrEqual(1);
      expect(w.hubspot(w.hubspotId(person))['jobtitle']).toBe('VP Sales');

      const before = writeFingerprint(w);
      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
      expect(writeFingerprint(w) === before, 'the quiet run changed a CRM').toBe(true);
    },
    TIMEOUT,
  );
});
