import type { CompanyRecord } from '../../../src/domain/company.ts';
import { AccountScoringConfig, type AccountScoringConfigInput } from '../../../src/accounts/schema.ts';

export function company(
  crm: CompanyRecord['crm'],
  id: string,
  fields: CompanyRecord['fields'],
  modifiedAt = '2026-01-01T00:00:00.000Z',
): CompanyRecord {
  return { crm, id, fields, modifiedAt };
}

export const MODEL: AccountScoringConfigInput = {
  profile: {
    rules: [
      { name: 'Software', field: 'industry', in: ['Software', 'COMPUTER_SOFTWARE'], points: 40 },
      { name: '200+ employees', group: 'size', field: 'employees', gte: 200, points: 30 },
      { name: '50+ employees', group: 'size', field: 'employees', gte: 50, points: 10 },
      { name: 'DACH', field: 'country', in: ['Germany', 'Austria', 'Switzerland'], points: 20 },
    ],
    grades: { A: 80, B: 50, C: 20 },
  },
  engagement: { rollup: { kind: 'top', people: 2 }, levels: { '1': 100, '2': 50, '3': 10 } },
};

export const parseModel = (input: AccountScoringConfigInput = MODEL): AccountScoringConfig =>
  AccountScoringConfig.parse(input);
