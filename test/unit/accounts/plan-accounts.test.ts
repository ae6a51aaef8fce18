import { describe, expect, it } from 'vitest';
import type { AccountPerson } from '../../../src/accounts/assign-people.ts';
import { planAccounts } from '../../../src/accounts/plan-accounts.ts';
import { compileAccountModel } from '../../../src/accounts/score-account.ts';
import { company, parseModel } from './fixtures.ts';

const model = compileAccountModel(
  parseModel({ ...parseModel(), personField: true, match: ['email-domain', 'company-name'] }),
);

const person = (
  personId: string,
  engagement: number | null,
  records: AccountPerson['records'],
): AccountPerson => ({
  personId,
  engagement,
  records,
});

const companies = {
  hubspot: [company('hubspot', '11', { domain: 'acme.com', industry: 'Software', numberofemployees: '300' })],
  salesforce: [
    company('salesforce', '001A', { Website: 'acme.com', Name: 'Acme Inc' }),
    company('salesforce', '001B', { Website: 'globex.com', Name: 'Globex Ltd' }),
  ],
};

describe('planAccounts', () => {
  it('places people by company id, then email domain, then company name', () => {
    const plan = planAccounts(
      model,
      {
        companies,
        people: [
          person('p1', 40, [
            { crm: 'salesforce', object: 'contact', id: '003A', fields: { AccountId: '001A' } },
          ]),
          person('p2', 20, [
            {
              crm: 'hubspot',
              object: 'contact',
              id: '51',
              fields: { associatedcompanyid: '11', email: 'x@globex.com' },
            },
          ]),
          person('p3', 5, [{ crm: 'hubspot', object: 'contact', id: '52', fields: { email: 'y@acme.com' } }]),
          person('p4', 70, [
            {
              crm: 'salesforce',
              object: 'lead',
              id: '00QA',
              fields: { Company: 'GLOBEX, Ltd.', Email: 'z@gmail.com' },
            },
          ]),
          person('p5', 99, [
            { crm: 'hubspot', object: 'contact', id: '53', fields: { email: 'w@nowhere.org' } },
          ]),
        ],
      },
      'leadloop',
    );
    expect(Object.fromEntries(plan.personAccount)).toEqual({
      p1: 'hubspot:11',
      p2: 'hubspot:11',
      p3: 'hubspot:11',
      p4: 'salesforce:001B',
    });
    const acme = plan.accounts.find((a) => a.account.key === 'hubspot:11');
    expect(acme?.score).toMatchObject({ profile: 70, engagement: 60, cell: 'B2', people: 3 });
  });

  it('plans the score on both linked records, the twin ids, and the cell on people; a second plan writes nothing', () => {
    const people = [
      person('p1', 40, [{ crm: 'salesforce', object: 'contact', id: '003A', fields: { AccountId: '001A' } }]),
    ];
    const first = planAccounts(model, { companies, people }, 'leadloop');
    const fields = (crm: string, id: string) =>
      first.writes.filter((w) => w.crm === crm && w.id === id).map((w) => `${w.field}=${String(w.to)}`);
    expect(fields('hubspot', '11')).toEqual([
      'leadloop_account_score=110',
      'leadloop_account_profile_score=70',
      'leadloop_account_engagement_score=40',
      'leadloop_account_grade=B',
      'leadloop_account_level=3',
      'leadloop_account_cell=B3',
      expect.stringMatching(/^leadloop_account_explanation=B3 · 110 = profile 70/),
      'leadloop_salesforce_account_id=001A',
    ]);
    expect(fields('salesforce', '001A')).toContain('Leadloop_HubSpot_Company_Id__c=11');
    expect(fields('salesforce', '003A')).toEqual(['Leadloop_Account_Cell__c=B3']);
    // Globex has no people: D4, written too; its lone record names no twin.
    expect(fields('salesforce', '001B')).toContain('Leadloop_Account_Cell__c=D4');
    expect(fields('salesforce', '001B').some((f) => f.startsWith('Leadloop_HubSpot_Company_Id__c'))).toBe(
      false,
    );

    // The CRMs now hold what was written (HubSpot numbers come back as text).
    const applied = (records: typeof companies.hubspot) =>
      records.map((r) => ({
        ...r,
        fields: {
          ...r.fields,
          ...Object.fromEntries(
            first.writes.filter((w) => w.crm === r.crm && w.id === r.id).map((w) => [w.field, String(w.to)]),
          ),
        },
      }));
    const heldPeople = people.map((p) => ({
      ...p,
      records: p.records.map((r) => ({ ...r, fields: { ...r.fields, Leadloop_Account_Cell__c: 'B3' } })),
    }));
    const second = planAccounts(
      model,
      {
        companies: { hubspot: applied(companies.hubspot), salesforce: applied(companies.salesforce) },
        people: heldPeople,
      },
      'leadloop',
    );
    expect(second.writes).toEqual([]);
  });

  it('clears the cell of a person who left every account, and writes no person field when off', () => {
    const orphan = [
      person('p9', 10, [
        { crm: 'hubspot', object: 'contact', id: '59', fields: { leadloop_account_cell: 'A1' } },
      ]),
    ];
    expect(
      planAccounts(model, { companies, people: orphan }, 'leadloop').writes.filter(
        (w) => w.object !== 'company',
      ),
    ).toEqual([
      { crm: 'hubspot', object: 'contact', id: '59', field: 'leadloop_account_cell', from: 'A1', to: null },
    ]);
    const off = compileAccountModel(parseModel());
    expect(
      planAccounts(off, { companies, people: orphan }, 'leadloop').writes.filter(
        (w) => w.object !== 'company',
      ),
    ).toEqual([]);
  });
});
