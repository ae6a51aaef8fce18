import { describe, expect, it } from 'vitest';
import {
  accountProfileInput,
  compileAccountModel,
  scoreAccount,
} from '../../../src/accounts/score-account.ts';
import { company, parseModel } from './fixtures.ts';

const model = compileAccountModel(parseModel());

describe('scoreAccount', () => {
  it('grades the company profile, levels the top people, and explains', () => {
    const score = scoreAccount(
      model,
      {
        hubspot: company('hubspot', '11', {
          industry: 'COMPUTER_SOFTWARE',
          numberofemployees: '250',
          country: 'Germany',
        }),
        salesforce: null,
      },
      [30, 25, 10],
    );
    expect(score).toMatchObject({
      profile: 90,
      engagement: 55,
      total: 145,
      grade: 'A',
      level: '2',
      cell: 'A2',
      people: 3,
    });
    expect(score.explanation).toMatchInlineSnapshot(
      `"A2 · 145 = profile 90 (Software +40, 200+ employees +30, DACH +20) + engagement 55 (top 2 of 3 people)"`,
    );
  });

  it('reads Salesforce first, a blank Salesforce field from HubSpot', () => {
    const input = accountProfileInput({
      hubspot: company('hubspot', '11', {
        industry: 'Retail',
        numberofemployees: '60',
        domain: 'acme.com',
        country: 'France',
      }),
      salesforce: company('salesforce', '001A', {
        Industry: 'Software',
        NumberOfEmployees: null,
        BillingCountry: '',
        Website: 'https://www.acme.com',
      }),
    });
    expect(input).toEqual({
      name: null,
      domain: 'acme.com',
      industry: 'Software',
      employees: '60',
      revenue: null,
      country: 'France',
    });
  });

  it('a group counts its best match once; no people is level 4', () => {
    const score = scoreAccount(
      model,
      { hubspot: null, salesforce: company('salesforce', '001A', { NumberOfEmployees: 500 }) },
      [],
    );
    expect(score).toMatchObject({ profile: 30, engagement: 0, grade: 'C', level: '4', cell: 'C4' });
    expect(score.contributions).toEqual([{ rule: '200+ employees', points: 30 }]);
  });

  it('sums with a cap per person', () => {
    const summed = compileAccountModel(
      parseModel({
        ...parseModel(),
        engagement: { rollup: { kind: 'sum', capPerPerson: 20 }, levels: { '1': 100, '2': 50, '3': 10 } },
      }),
    );
    const score = scoreAccount(
      summed,
      { hubspot: company('hubspot', '1', {}), salesforce: null },
      [80, 20, 15],
    );
    expect(score.engagement).toBe(55);
    expect(score.explanation).toContain('engagement 55 (3 people, 1 capped at 20)');
  });

  it('cuts a long explanation to the length', () => {
    const score = scoreAccount(
      model,
      { hubspot: company('hubspot', '1', { industry: 'Software' }), salesforce: null },
      [],
      20,
    );
    expect(score.explanation).toHaveLength(20);
  });
});
