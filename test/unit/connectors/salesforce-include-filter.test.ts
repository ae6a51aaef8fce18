import { describe, expect, it } from 'vitest';
import { checkIncludeFilter } from '../../../connectors/salesforce/include-filter.ts';
import type { FieldDescriptor } from '../../../src/domain/field.ts';

const fields = ['Id', 'Country', 'LeadSource', 'CreatedDate', 'RecordTypeId', 'OwnerId', 'IsConverted'].map(
  (name) => ({ name }) as unknown as FieldDescriptor,
);
const check = (fragment: string) => () =>
  checkIncludeFilter('sync.include.salesforce.lead', 'Lead', fragment, fields);

describe('checkIncludeFilter', () => {
  it.each([
    "Country IN ('Germany', 'Austria')",
    "country = 'Germany' AND (LeadSource != 'Purchased List' OR LeadSource = null)",
    "RecordType.DeveloperName = 'Inbound' AND NOT IsConverted = true",
    'CreatedDate = LAST_N_DAYS:90 AND CreatedDate > 2026-01-01T00:00:00Z',
    "Owner.Name LIKE 'Inbound%' AND Country = 'it\\'s fine AND LIMIT 5'",
  ])('accepts %s', (fragment) => {
    expect(check(fragment)).not.toThrow();
  });

  it.each([
    [
      "Countryy = 'Germany'",
      'sync.include.salesforce.lead: Lead has no field Countryy (named in "Countryy = \'Germany\'")',
      'Countryy',
    ],
    [
      "Country = 'DE' LIMIT 10",
      'sync.include.salesforce.lead: "LIMIT" is not allowed: give only the conditions of a WHERE clause',
      undefined,
    ],
    [
      'Id IN (SELECT LeadId FROM CampaignMember)',
      'sync.include.salesforce.lead: "SELECT" is not allowed: give only the conditions of a WHERE clause',
      undefined,
    ],
    ["(Country = 'DE'", 'sync.include.salesforce.lead: unbalanced parentheses', undefined],
    ["Country = 'DE'; DELETE", 'sync.include.salesforce.lead: ";" is not allowed in a condition', undefined],
    [
      "Account.Industry = 'Banking'",
      'sync.include.salesforce.lead: Account.Industry: only Lead fields and RecordType. / Owner. paths can be filtered on',
      'Account.Industry',
    ],
  ])('refuses %s', (fragment, message, field) => {
    expect(check(fragment)).toThrow(message);
    try {
      check(fragment)();
    } catch (err) {
      expect(err).toMatchObject({
        kind: 'config',
        code: 'SF_INCLUDE_INVALID',
        context: field ? { field } : {},
      });
    }
  });
});
