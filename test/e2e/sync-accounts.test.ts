/**
 * Account scoring on the sandboxes: a full run provisions leadloop's account fields on HubSpot companies
 * and Salesforce Accounts (and the account cell on the person objects), links companies across the CRMs
 * by domain, and writes each account's score to both records of a linked pair, equal on both sides, with
 * each record naming its twin. What the CRMs hold is read back through the sandboxes; the profile part is
 * recomputed here from the generated companies. A second run writes nothing. Without `scoring.account`
 * no company is read at all.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_RESULTS } from '../../src/accounts/account-results.ts';
import { AccountScoringConfig } from '../../src/accounts/schema.ts';
import { normaliseDomain } from '../../src/accounts/normalise-domain.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { SandboxCompany } from '../../connectors/sandbox/dataset.ts';
import { timeStable } from './crm-state.ts';
import { tick, worldsPerTest, type EngineWorld } from './engine-world.ts';

const TIMEOUT = 180_000;
const open = worldsPerTest();

const ACCOUNT = AccountScoringConfig.parse({
  profile: {
    rules: [
      {
        name: 'Software',
        field: 'industry',
        in: ['Computer Software', 'Information Technology and Services'],
        points: 40,
      },
      { name: '500+ employees', group: 'size', field: 'employees', gte: 500, points: 40 },
      { name: '50+ employees', group: 'size', field: 'employees', gte: 50, points: 20 },
      { name: 'Revenue 10M+', field: 'revenue', gte: 10_000_000, points: 20 },
    ],
    grades: { A: 80, B: 50, C: 20 },
  },
  engagement: { rollup: { kind: 'top', people: 3 }, levels: { '1': 60, '2': 30, '3': 10 } },
  match: ['email-domain', 'company-name'],
  personField: true,
});

const withAccounts = (c: LeadloopConfig): LeadloopConfig => {
  const stable = timeStable(c);
  return {
    ...stable,
    scoring: { ...stable.scoring, account: ACCOUNT },
    terminology: {
      ...stable.terminology,
      fields: { ...stable.terminology.fields, accountScore: 'Account Fit Score' },
    },
  };
};

/** The profile points the rules above give a generated company (computed apart from the engine). */
function expectedProfile(c: SandboxCompany): number {
  let points = 0;
  if (c.industry === 'Computer Software' || c.industry === 'Information Technology and Services')
    points += 40;
  const employees = c.numberOfEmployees ?? 0;
  points += employees >= 500 ? 40 : employees >= 50 ? 20 : 0;
  if ((c.annualRevenue ?? 0) >= 10_000_000) points += 20;
  return points;
}

function accounts(w: EngineWorld): Map<string, Readonly<Record<string, unknown>>> {
  return w.sb.salesforce.store.mustTable('Account').rows;
}

describe('account scoring', () => {
  it(
    'writes equal account scores to linked HubSpot companies and Salesforce Accounts; a second run writes nothing',
    async () => {
      const w = await open({ people: 120, seed: 5, configure: withAccounts, salesforce: { flows: false } });
      const first = await w.run('full');
      expect(first.status).toBe('succeeded');
      expect(first.counters['accounts.scored']).toBeGreaterThan(5);
      expect(first.counters['accounts.writeFailures']).toBe(0);
      expect(first.counters['accounts.writes']).toBe(first.counters['accounts.plannedWrites']);

      const byDomain = new Map(w.sb.dataset.companies.map((c) => [normaliseDomain(c.domain), c]));
      const companies = w.sb.hubspot.store.listCompanies();
      let linked = 0;
      for (const company of companies) {
        const p = company.properties;
        expect(p['leadloop_account_cell'], `cell of company ${company.id}`).toMatch(/^[A-D][1-4]$/);
        const dataset = byDomain.get(normaliseDomain(p['domain']));
        if (!dataset) throw new Error(`company ${company.id} is not from the dataset`);
        expect(Number(p['leadloop_account_profile_score']), `profile of ${dataset.name}`).toBe(
          expectedProfile(dataset),
        );
        const twinId = p['leadloop_salesforce_account_id'];
        if (!twinId) continue;
        linked += 1;
        const account = accounts(w).get(twinId);
        if (!account) throw new Error(`Account ${twinId} named by company ${company.id} does not exist`);
        expect(account['Leadloop_HubSpot_Company_Id__c']).toBe(company.id);
        expect(normaliseDomain(account['Website'])).toBe(normaliseDomain(p['domain']));
        expect(String(account['Leadloop_Account_Score__c'])).toBe(p['leadloop_account_score']);
        expect(account['Leadloop_Account_Cell__c']).toBe(p['leadloop_account_cell']);
        expect(account['Leadloop_Account_Grade__c']).toBe(p['leadloop_account_grade']);
        expect(account['Leadloop_Account_Level__c']).toBe(p['leadloop_account_level']);
        expect(account['Leadloop_Account_Explanation__c']).toBe(p['leadloop_account_explanation']);
      }
      expect(linked).toBeGreaterThan(3);

      // Salesforce-only Accounts are scored too, and every Contact carries its Account's cell.
      for (const account of accounts(w).values())
        expect(account['Leadloop_Account_Cell__c'], `Account ${String(account['Id'])}`).toMatch(
          /^[A-D][1-4]$/,
        );
      let contactsChecked = 0;
      for (const contact of w.sb.salesforce.store.mustTable('Contact').rows.values()) {
        const accountId = contact['AccountId'];
        if (typeof accountId !== 'string') continue;
        contactsChecked += 1;
        expect(contact['Leadloop_Account_Cell__c']).toBe(
          accounts(w).get(accountId)?.['Leadloop_Account_Cell__c'],
        );
      }
      expect(contactsChecked).toBeGreaterThan(5);
      const cellOf = new Map(companies.map((c) => [c.id, c.properties['leadloop_account_cell']]));
      const [person] = w.people('HL-').filter((p) => p.companyKey);
      if (!person) throw new Error('world has no HubSpot + Lead person with a company');
      const contact = w.hubspot(w.hubspotId(person));
      expect(contact['leadloop_account_cell']).toBe(cellOf.get(contact['associatedcompanyid'] ?? ''));

      const again = await w.run('incremental');
      expect(again.status).toBe('succeeded');
      expect(again.counters['accounts.plannedWrites']).toBe(0);
      expect(again.counters['accounts.writes']).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "incremental runs read only the companies that changed, and a person's change re-rolls its company unread",
    async () => {
      const w = await open({ people: 120, seed: 5, configure: withAccounts, salesforce: { flows: false } });
      expect((await w.run('full')).status).toBe('succeeded');
      // The echo: leadloop's own writes moved every written company's stamp, so this run reads them once.
      const echo = await w.run('incremental');
      expect(echo.counters['accounts.plannedWrites']).toBe(0);

      const small = (n: unknown): boolean => Number(n ?? 0) < 50;
      const company = w.sb.hubspot.store
        .listCompanies()
        .find((c) => small(c.properties['numberofemployees']));
      const account = [...accounts(w).values()].find(
        (a) => small(a['NumberOfEmployees']) && a['Leadloop_HubSpot_Company_Id__c'] !== company?.id,
      );
      if (!company || !account) throw new Error('world has no small company on each side');
      const accountId = String(account['Id']);
      await tick();
      w.sb.hubspot.store.updateCompany(company.id, { numberofemployees: 1000 });
      w.sb.salesforce.store.update('Account', accountId, { NumberOfEmployees: 1000 });
      w.sb.hubspot.resetStats();
      w.sb.salesforce.resetStats();
      const edited = await w.run('incremental');
      expect(edited.status).toBe('succeeded');
      expect(edited.counters['accounts.companiesRead.hubspot']).toBe(1);
      expect(edited.counters['accounts.companiesRead.salesforce']).toBe(1);
      const endpoints = w.sb.hubspot.stats().byEndpoint;
      expect(endpoints['companies.search']).toBe(1);
      // One list call: the sweep of archived companies (none), not a read of every company.
      expect(endpoints['companies.list']).toBe(1);
      expect(w.sb.salesforce.stats().calls.filter((c) => / Account\b/.test(c))).toEqual([
        'GET /queryAll Account → 200',
      ]);
      // Only the two edited companies and their twins move (+40 profile points each).
      const twinOf = (id: string) => String(accounts(w).get(id)?.['Leadloop_HubSpot_Company_Id__c'] ?? '');
      const hubspotTwin = w.sb.hubspot.store.listCompanies().find((c) => c.id === company.id)?.properties[
        'leadloop_salesforce_account_id'
      ];
      expect(edited.counters['accounts.companiesWritten.hubspot']).toBe(twinOf(accountId) ? 2 : 1);
      expect(edited.counters['accounts.companiesWritten.salesforce']).toBe(hubspotTwin ? 2 : 1);
      const after = w.sb.hubspot.store.listCompanies().find((c) => c.id === company.id);
      expect(Number(after?.properties['leadloop_account_profile_score'])).toBeGreaterThan(
        Number(company.properties['leadloop_account_profile_score']),
      );
      expect((await w.run('incremental')).counters['accounts.plannedWrites']).toBe(0);

      // A person's engagement moves; their company's record does not change, so it is not read.
      const person = w
        .people('H--')
        .concat(w.people('HL-'))
        .find((p) => {
          const id = w.hubspot(w.hubspotId(p))['associatedcompanyid'];
          return id && id !== company.id && id !== twinOf(accountId);
        });
      if (!person) throw new Error('world has no HubSpot person with another company');
      const companyId = String(w.hubspot(w.hubspotId(person))['associatedcompanyid']);
      const engagementOf = () =>
        w.sb.hubspot.store.listCompanies().find((c) => c.id === companyId)?.properties[
          'leadloop_account_engagement_score'
        ];
      const before = engagementOf();
      for (let i = 0; i < 6; i++)
        w.sb.hubspot.store.addActivity(person.key, { type: 'meeting', occurredAt: new Date() });
      const rolled = await w.run('incremental');
      expect(rolled.counters['accounts.companiesRead.hubspot']).toBe(0);
      expect(rolled.counters['accounts.companiesWritten.hubspot']).toBe(1);
      expect(Number(engagementOf())).toBeGreaterThan(Number(before));

      // A company deleted in HubSpot is found by the sweep of archived companies and leaves the accounts.
      const gone = w.sb.hubspot.store
        .listCompanies()
        .find(
          (c) => c.id !== company.id && c.id !== companyId && !c.properties['leadloop_salesforce_account_id'],
        );
      if (!gone) throw new Error('world has no third HubSpot-only company');
      w.sb.hubspot.store.archiveCompany(gone.id);
      const swept = await w.run('incremental');
      expect(swept.counters['accounts.companiesRemoved.hubspot']).toBe(1);
      const scored = await ACCOUNT_RESULTS.read(w.rt.store);
      expect(scored?.accounts.some((a) => a.hubspotId === gone.id)).toBe(false);
      expect(scored?.accounts.some((a) => a.hubspotId === companyId)).toBe(true);

      // `sync --full` still reads every company and Account.
      const full = await w.run('full');
      expect(full.counters['accounts.companiesRead.hubspot']).toBe(w.sb.hubspot.store.listCompanies().length);
      expect(full.counters['accounts.companiesRead.salesforce']).toBe(accounts(w).size);
      expect(full.counters['accounts.plannedWrites']).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'a company write HubSpot refuses is a recorded failure, and the next run that lands it clears it',
    async () => {
      const w = await open({ people: 60, seed: 5, configure: withAccounts, salesforce: { flows: false } });
      w.sb.hubspot.setFaults({ recordFailureRate: 1, seed: 3 });
      const first = await w.run('full');
      expect(first.counters['accounts.writeFailures']).toBeGreaterThan(0);
      const companyFailures = async () =>
        (await w.rt.store.listFailures({ limit: 10_000 })).filter((f) => f.object === 'company');
      const recorded = await companyFailures();
      const hubspotCompanies = new Set(w.sb.hubspot.store.listCompanies().map((c) => c.id));
      expect(recorded.length).toBeGreaterThan(0);
      for (const f of recorded) {
        expect(f).toMatchObject({ crm: 'hubspot', source: 'write', runId: first.runId });
        expect(hubspotCompanies.has(f.recordId)).toBe(true);
      }
      w.sb.hubspot.setFaults(null);
      const second = await w.run('incremental');
      expect(second.counters['accounts.writeFailures']).toBe(0);
      expect(await companyFailures()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'without scoring.account no company or Account is read',
    async () => {
      const w = await open({ people: 40, seed: 5, configure: timeStable, salesforce: { flows: false } });
      w.sb.hubspot.resetStats();
      w.sb.salesforce.resetStats();
      expect((await w.run('full')).status).toBe('succeeded');
      expect(Object.keys(w.sb.hubspot.stats().byEndpoint).filter((e) => e.startsWith('companies'))).toEqual(
        [],
      );
      expect(w.sb.salesforce.stats().calls.filter((c) => / Account\b/.test(c))).toEqual([]);
    },
    TIMEOUT,
  );
});
