/**
 * Hostile record values, end to end on both sandbox CRMs: text at HubSpot's 65,536-character limit for a
 * 128-character Salesforce field, control characters and a lone surrogate, a formula-like string, and a
 * word where a custom mapping expects a number. Each is handled for its target's type and length, in the
 * same batches as everyone else's writes: cut to length, cleaned, carried as text, or refused for that
 * one record with a failure naming the field and the value. Nobody else's write fails, and the next run
 * writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { worldsPerTest, writeCounters } from '../e2e/engine-world.ts';
import { writeFingerprint } from '../e2e/world-probes.ts';

const TIMEOUT = 90_000;
const open = worldsPerTest();

describe('hostile record values', () => {
  it(
    'are cut, cleaned or refused per record; the rest of each batch lands; the next run is quiet',
    async () => {
      const w = await open({
        people: 80,
        // A custom mapping whose HubSpot side is free text and whose Salesforce side is a number.
        configure: (config) => ({
          ...config,
          fieldMappings: [
            ...config.fieldMappings,
            {
              hubspot: 'annualrevenue',
              salesforce: { lead: 'AnnualRevenue' },
              rule: 'always-hubspot' as const,
              direction: 'to-salesforce' as const,
              transform: { coerce: 'number' as const, truncate: true },
            },
          ],
        }),
      });
      await w.run('full');
      const [long, controls, formula, word, fine] = w.people('HL-');
      if (!long || !controls || !formula || !word || !fine)
        throw new Error('not enough HubSpot + Lead people');
      const formulaText = '=HYPERLINK("http://attacker.example/","Open")';
      w.sb.hubspot.store.updateContact(w.hubspotId(long), { jobtitle: 'Ä'.repeat(65_536) });
      w.sb.hubspot.store.updateContact(w.hubspotId(controls), {
        firstname: 'Ann\u0000\u0007\u001b[31mX\ud83d',
      });
      w.sb.hubspot.store.updateContact(w.hubspotId(formula), { jobtitle: formulaText });
      w.sb.hubspot.store.updateContact(w.hubspotId(word), { annualrevenue: 'ten million' });
      w.sb.hubspot.store.updateContact(w.hubspotId(fine), {
        jobtitle: 'Head of Data',
        annualrevenue: '2500000',
      });
      const wordRevenue = w.salesforce('Lead', w.leadId(word))['AnnualRevenue'];

      const run = await w.run('incremental');

      expect(run.status).toBe('succeeded');
      expect(w.salesforce('Lead', w.leadId(long))['Title']).toBe('Ä'.repeat(128));
      expect(w.salesforce('Lead', w.leadId(controls))['FirstName']).toBe('Ann[31mX\ufffd');
      // Data, not a formula: carried as text (CSV exports prefix it, see csv.ts).
      expect(w.salesforce('Lead', w.leadId(formula))['Title']).toBe(formulaText);
      expect(w.salesforce('Lead', w.leadId(word))['AnnualRevenue']).toBe(wordRevenue);
      expect(w.salesforce('Lead', w.leadId(fine))).toMatchObject({
        Title: 'Head of Data',
        AnnualRevenue: 2_500_000,
      });
      expect(run.counters['writesFailedPermanently'] ?? 0).toBe(0);
      expect(run.counters['mappingErrors']).toBe(1);
      expect(await w.rt.store.listFailures({ limit: 10 })).toEqual([
        expect.objectContaining({
          crm: 'salesforce',
          object: 'lead',
          source: 'mapping',
          recordId: w.leadId(word),
          code: 'MAPPING_VALUE_INVALID',
          message: 'Not sent: cannot convert "ten million" for annualrevenue → AnnualRevenue: not a number',
          permanent: true,
        }),
      ]);

      const before = writeFingerprint(w);
      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
      expect(writeFingerprint(w) === before, 'the second run changed a CRM').toBe(true);

      // Marketing fixes the value: it is written, and the failure is settled.
      w.sb.hubspot.store.updateContact(w.hubspotId(word), { annualrevenue: '10000000' });
      await w.run('incremental');
      expect(w.salesforce('Lead', w.leadId(word))['AnnualRevenue']).toBe(10_000_000);
      expect(await w.rt.store.listFailures({ limit: 10 })).toEqual([]);
    },
    TIMEOUT,
  );
});
