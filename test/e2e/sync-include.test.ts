/**
 * Selective sync on the sandboxes (`sync.include.salesforce`): Leads and Contacts outside the WHERE
 * fragment are never written, no hand-off creates a second record beside one the filter hides, a Lead
 * that leaves the filter is unlinked and never written again, and a fragment naming a missing field stops
 * the run with a config error naming it. What Salesforce holds is read back with jsforce. The same for
 * `sync.include.hubspot` (property conditions): contacts outside are never written, and no Lead is
 * created for a HubSpot-only contact outside; HubSpot is read back with @hubspot/api-client.
 */
import { Client } from '@hubspot/api-client';
import { Connection } from '@jsforce/jsforce-node';
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../src/link/normalise-email.ts';
import { worldsPerTest, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 150_000;
const open = worldsPerTest();
const INCLUDE = { lead: "Country = 'Germany'", contact: "MailingCountry = 'Germany'" };

interface Row {
  readonly Id: string;
  readonly SystemModstamp: string;
  readonly Email: string | null;
  readonly Leadloop_Score__c?: number | null;
}

const jsforce = (w: EngineWorld) =>
  new Connection({
    instanceUrl: w.sb.salesforce.instanceUrl,
    accessToken: w.sb.salesforce.issueAccessToken(),
    version: '62.0',
  });
const rows = async (w: EngineWorld, soql: string): Promise<Row[]> =>
  (await jsforce(w).query<Row>(soql)).records.map(({ Id, SystemModstamp, Email }) => ({
    Id,
    SystemModstamp,
    Email,
  }));
const outside = async (w: EngineWorld) => [
  ...(await rows(w, `SELECT Id, SystemModstamp, Email FROM Lead WHERE NOT (${INCLUDE.lead})`)),
  ...(await rows(w, `SELECT Id, SystemModstamp, Email FROM Contact WHERE NOT (${INCLUDE.contact})`)),
];

describe('sync.include on Salesforce', () => {
  it(
    'leaves every record outside the filter untouched and never creates one beside them',
    async () => {
      const w = await open({
        salesforce: { lateCommits: null, flows: false },
        configure: (config) => ({ ...config, sync: { ...config.sync, include: { salesforce: INCLUDE } } }),
      });
      const before = await outside(w);
      expect(before.length).toBeGreaterThan(50);
      const leadsBefore = new Set(
        (await rows(w, 'SELECT Id, SystemModstamp, Email FROM Lead')).map((r) => r.Id),
      );

      await w.run('full');
      await w.run('incremental');

      // Outside: not one write (stamps as before). Hand-off Leads whose values put them outside the filter
      // are left alone from the next pull on: they are not among these.
      const ids = new Set(before.map((r) => r.Id));
      expect((await outside(w)).filter((r) => ids.has(r.Id))).toEqual(before);
      // Inside: leadloop's fields were written.
      const scored = await jsforce(w).query<Row>(
        `SELECT Id, Leadloop_Score__c FROM Lead WHERE ${INCLUDE.lead} AND Leadloop_Score__c != null`,
      );
      expect(scored.totalSize).toBeGreaterThan(5);
      // Hand-off Leads were created, but none for an email a hidden record holds.
      const hidden = new Set(before.map((r) => normaliseEmail(r.Email)).filter((e) => e !== null));
      const created = (await rows(w, 'SELECT Id, SystemModstamp, Email FROM Lead')).filter(
        (r) => !leadsBefore.has(r.Id),
      );
      expect(created.length).toBeGreaterThan(0);
      expect(created.filter((r) => hidden.has(normaliseEmail(r.Email) ?? ''))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a Lead that leaves the filter is unlinked, never written again, and never recreated',
    async () => {
      const w = await open({
        salesforce: { lateCommits: null, flows: false },
        configure: (config) => ({ ...config, sync: { ...config.sync, include: { salesforce: INCLUDE } } }),
      });
      await w.run('full');
      const person = w.people('HL-').find((p) => w.salesforce('Lead', w.leadId(p))['Country'] === 'Germany');
      if (!person) throw new Error('world has no German HubSpot + Lead person');
      const leadId = w.leadId(person);
      const { personId } = await w.linkOf(leadId);
      w.sb.salesforce.store.update('Lead', leadId, { Country: 'France' });
      await w.run('incremental');

      const link = await w.linkOf(w.hubspotId(person));
      expect(link.personId).toBe(personId);
      expect(link.salesforceLeadId).toBeNull();
      expect((await w.stateOf(personId)).tombstones).toContainEqual({ crm: 'salesforce', object: 'lead' });
      const stamp = w.salesforce('Lead', leadId)['SystemModstamp'];
      // A HubSpot edit that a linked Lead would receive (job title maps to Title) reaches no Lead now.
      w.sb.hubspot.store.updateContact(w.hubspotId(person), { jobtitle: 'Chief Everything Officer' });
      await w.run('incremental');
      await w.run('incremental');
      expect(w.salesforce('Lead', leadId)['SystemModstamp']).toBe(stamp);
      const leads = await rows(
        w,
        `SELECT Id, SystemModstamp, Email FROM Lead WHERE Email = '${person.email}'`,
      );
      expect(leads.map((r) => r.Id)).toEqual([leadId]);
    },
    TIMEOUT,
  );

  it(
    'a fragment naming a field the object lacks stops the run with a config error naming it',
    async () => {
      const w = await open({
        configure: (config) => ({
          ...config,
          sync: { ...config.sync, include: { salesforce: { lead: "Countryy = 'Germany'" } } },
        }),
      });
      await expect(w.run('full')).rejects.toMatchObject({
        kind: 'config',
        code: 'SF_INCLUDE_INVALID',
        message: expect.stringContaining('sync.include.salesforce.lead: Lead has no field Countryy'),
        context: { field: 'Countryy' },
      });
    },
    TIMEOUT,
  );
});

describe('sync.include on HubSpot', () => {
  const GERMANY = {
    filterGroups: [{ filters: [{ propertyName: 'country', operator: 'IN' as const, values: ['Germany'] }] }],
  };
  const hubspotClient = (w: EngineWorld) =>
    new Client({
      accessToken: w.sb.hubspot.accessToken,
      basePath: w.sb.hubspot.baseUrl,
      numberOfApiCallRetries: 0,
    });

  it(
    'leaves every contact outside the filter untouched in HubSpot and hands none of them off to Salesforce',
    async () => {
      const w = await open({
        salesforce: { lateCommits: null, flows: false },
        configure: (config) => ({ ...config, sync: { ...config.sync, include: { hubspot: GERMANY } } }),
      });
      const client = hubspotClient(w);
      const all = async () =>
        (
          await client.crm.contacts.getAll(undefined, undefined, [
            'country',
            'lastmodifieddate',
            'leadloop_score',
            'email',
          ])
        ).map((c) => ({
          id: c.id,
          country: c.properties['country'] ?? null,
          modified: c.properties['lastmodifieddate'],
          score: c.properties['leadloop_score'] ?? null,
          email: c.properties['email'] ?? null,
        }));
      const before = await all();
      const outside = before.filter((c) => (c.country ?? '').toLowerCase() !== 'germany');
      const inside = before.filter((c) => (c.country ?? '').toLowerCase() === 'germany');
      expect(outside.length).toBeGreaterThan(50);
      expect(inside.length).toBeGreaterThan(5);
      const leadsBefore = new Set(
        (await rows(w, 'SELECT Id, SystemModstamp, Email FROM Lead')).map((r) => r.Id),
      );

      await w.run('full');
      await w.run('incremental');

      const after = new Map((await all()).map((c) => [c.id, c]));
      // Outside: not one write (same lastmodifieddate, no score).
      expect(outside.map((c) => after.get(c.id))).toEqual(outside);
      // Inside: scored.
      expect(inside.filter((c) => after.get(c.id)?.score !== null).length).toBeGreaterThan(5);
      // No Lead was created for an email only a contact outside the filter holds.
      const hidden = new Set(outside.map((c) => normaliseEmail(c.email)).filter((e) => e !== null));
      const created = (await rows(w, 'SELECT Id, SystemModstamp, Email FROM Lead')).filter(
        (r) => !leadsBefore.has(r.Id),
      );
      expect(created.filter((r) => hidden.has(normaliseEmail(r.Email) ?? ''))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a contact that leaves the filter is unlinked and never written again',
    async () => {
      const w = await open({
        salesforce: { lateCommits: null, flows: false },
        configure: (config) => ({ ...config, sync: { ...config.sync, include: { hubspot: GERMANY } } }),
      });
      await w.run('full');
      const person = w.people('HL-').find((p) => (w.hubspot(w.hubspotId(p))['country'] ?? '') === 'Germany');
      if (!person) throw new Error('world has no German HubSpot + Lead person');
      const hubspotId = w.hubspotId(person);
      const { personId } = await w.linkOf(hubspotId);
      w.sb.hubspot.store.updateContact(hubspotId, { country: 'France' });
      await w.run('incremental');

      const link = await w.linkOf(w.leadId(person));
      expect(link.personId).toBe(personId);
      expect(link.hubspotId).toBeNull();
      expect((await w.stateOf(personId)).tombstones).toContainEqual({ crm: 'hubspot', object: 'contact' });
      const modified = w.hubspot(hubspotId)['lastmodifieddate'];
      // A Lead edit the contact would receive (Title maps to job title) reaches no contact now.
      w.sb.salesforce.store.update('Lead', w.leadId(person), { Title: 'Chief Everything Officer' });
      await w.run('incremental');
      await w.run('incremental');
      const read = await hubspotClient(w).crm.contacts.basicApi.getById(hubspotId, [
        'lastmodifieddate',
        'jobtitle',
      ]);
      expect(read.properties['lastmodifieddate']).toBe(modified);
      expect(read.properties['jobtitle']).not.toBe('Chief Everything Officer');
    },
    TIMEOUT,
  );

  it(
    'a filter on a property the portal lacks stops the run with a config error naming its path',
    async () => {
      const w = await open({
        configure: (config) => ({
          ...config,
          sync: {
            ...config.sync,
            include: {
              hubspot: {
                filterGroups: [{ filters: [{ propertyName: 'countryy', operator: 'HAS_PROPERTY' }] }],
              },
            },
          },
        }),
      });
      await expect(w.run('full')).rejects.toMatchObject({
        kind: 'config',
        code: 'HUBSPOT_INCLUDE_INVALID',
        message:
          'sync.include.hubspot.filterGroups[0].filters[0].propertyName: HubSpot contacts have no property "countryy"',
      });
    },
    TIMEOUT,
  );
});
