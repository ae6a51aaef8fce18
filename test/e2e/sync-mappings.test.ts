/**
 * Each sync rule of the example config's field mappings, end to end on both sandbox CRMs: two-way
 * (the changed side wins; both changed: the later change), prefer-salesforce-unless-blank with direction
 * to-hubspot (company, industry), prefer-hubspot-unless-blank (email). Every case ends with a quiet run:
 * no value leadloop wrote bounces back.
 */
import { describe, expect, it } from 'vitest';
import { tick, worldsPerTest, writeCounters, type Person } from './engine-world.ts';

const TIMEOUT = 60_000;
const open = worldsPerTest();

describe('field mappings: each sync rule', () => {
  it(
    'two-way jobtitle: the changed side wins; both changed: the later change wins; then quiet',
    async () => {
      // About the sync rule: the org's Title flow would spell out the 'VP Sales' written here, and a late
      // commit would hide the Sales edit from the next run (sync-late-commits.test.ts covers that), so both
      // are off.
      const w = await open({ salesforce: { flows: false, lateCommits: null } });
      await w.run('full');
      const [fromHubSpot, fromSalesforce, salesforceLater, hubspotLater] = w.people('HL-');
      if (!fromHubSpot || !fromSalesforce || !salesforceLater || !hubspotLater)
        throw new Error('not enough HubSpot + Lead people');
      const hs = w.sb.hubspot.store;
      const sf = w.sb.salesforce.store;
      hs.updateContact(w.hubspotId(fromHubSpot), { jobtitle: 'Head of Robotics' });
      sf.update('Lead', w.leadId(fromSalesforce), { Title: 'VP Sales' });
      hs.updateContact(w.hubspotId(salesforceLater), { jobtitle: 'Earlier HubSpot Title' });
      await tick();
      sf.update('Lead', w.leadId(salesforceLater), { Title: 'Later Salesforce Title' });
      sf.update('Lead', w.leadId(hubspotLater), { Title: 'Earlier Salesforce Title' });
      await tick();
      hs.updateContact(w.hubspotId(hubspotLater), { jobtitle: 'Later HubSpot Title' });

      const report = await w.run('incremental');
      expect(report.counters['mappingConflicts']).toBe(2);
      const titles = (p: Person): [unknown, unknown] => [
        w.hubspot(w.hubspotId(p))['jobtitle'],
        w.salesforce('Lead', w.leadId(p))['Title'],
      ];
      expect(titles(fromHubSpot)).toEqual(['Head of Robotics', 'Head of Robotics']);
      expect(titles(fromSalesforce)).toEqual(['VP Sales', 'VP Sales']);
      expect(titles(salesforceLater)).toEqual(['Later Salesforce Title', 'Later Salesforce Title']);
      expect(titles(hubspotLater)).toEqual(['Later HubSpot Title', 'Later HubSpot Title']);
      // The VP title is worth profile points: the score moved with the synced value.
      expect(w.hubspot(w.hubspotId(fromSalesforce))['leadloop_explanation']).toContain('VP or director');

      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
    },
    TIMEOUT,
  );

  it(
    'prefer-salesforce-unless-blank company and industry: Salesforce wins, a blank Salesforce never erases HubSpot',
    async () => {
      const w = await open();
      const [blankInSalesforce, editedInHubSpot, editedInSalesforce] = w.people('HL-');
      if (!blankInSalesforce || !editedInHubSpot || !editedInSalesforce)
        throw new Error('not enough HubSpot + Lead people');
      const hs = w.sb.hubspot.store;
      const sf = w.sb.salesforce.store;
      sf.update('Lead', w.leadId(blankInSalesforce), { Industry: null });
      hs.updateContact(w.hubspotId(blankInSalesforce), { industry: 'Kept In HubSpot' });
      await w.run('full');
      expect(w.hubspot(w.hubspotId(blankInSalesforce))['industry']).toBe('Kept In HubSpot');
      expect(w.salesforce('Lead', w.leadId(blankInSalesforce))['Industry']).toBeNull();

      const salesforceCompany = w.salesforce('Lead', w.leadId(editedInHubSpot))['Company'];
      expect(w.hubspot(w.hubspotId(editedInHubSpot))['company']).toBe(salesforceCompany);
      hs.updateContact(w.hubspotId(editedInHubSpot), { company: 'Typed In HubSpot Ltd' });
      sf.update('Lead', w.leadId(editedInSalesforce), { Company: 'Renamed By Sales GmbH' });
      await w.run('incremental');
      expect(w.hubspot(w.hubspotId(editedInHubSpot))['company']).toBe(salesforceCompany);
      expect(w.salesforce('Lead', w.leadId(editedInHubSpot))['Company']).toBe(salesforceCompany);
      expect(w.hubspot(w.hubspotId(editedInSalesforce))['company']).toBe('Renamed By Sales GmbH');
      expect(w.hubspot(w.hubspotId(blankInSalesforce))['industry']).toBe('Kept In HubSpot');

      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
    },
    TIMEOUT,
  );

  it(
    'prefer-hubspot-unless-blank email: a HubSpot change reaches Salesforce, a Salesforce edit is overwritten',
    async () => {
      const w = await open();
      await w.run('full');
      const [changedInHubSpot, changedInSalesforce] = w.people('HL-');
      if (!changedInHubSpot || !changedInSalesforce) throw new Error('not enough HubSpot + Lead people');
      const hubspotEmail = w.hubspot(w.hubspotId(changedInSalesforce))['email'];
      w.sb.hubspot.store.updateContact(w.hubspotId(changedInHubSpot), { email: 'new.address@example.net' });
      w.sb.salesforce.store.update('Lead', w.leadId(changedInSalesforce), { Email: 'typo@example.net' });

      const report = await w.run('incremental');
      expect(report.counters['writes.salesforce.Email']).toBe(2);
      expect(w.salesforce('Lead', w.leadId(changedInHubSpot))['Email']).toBe('new.address@example.net');
      expect(w.salesforce('Lead', w.leadId(changedInSalesforce))['Email']).toBe(hubspotEmail);
      expect(w.hubspot(w.hubspotId(changedInSalesforce))['email']).toBe(hubspotEmail);
      // Still one person each: the link held by the stored ids, not the changed address.
      const link = await w.linkOf(w.hubspotId(changedInHubSpot));
      expect(link.salesforceLeadId).toBe(w.leadId(changedInHubSpot));

      const quiet = await w.run('incremental');
      expect(writeCounters(quiet)).toEqual({});
    },
    TIMEOUT,
  );
});
