import { describe, expect, it } from 'vitest';
import { MappingValueError } from '../../../../src/mapping/mapping-value-error.ts';
import { refusedValues } from '../../../../src/sync/chunk/refused-values.ts';
import { planPerson, type PersonInputs, type PersonPlan } from '../../../../src/sync/plan-person.ts';
import { contact, exampleConfig, hubspot, inputs, lead, NOW, planSettings } from '../fixtures.ts';

const settings = planSettings(exampleConfig());
const FACTS = { runId: 'run_1', at: NOW.toISOString() };
const withErrors = (person: PersonInputs, errors: MappingValueError[]): PersonPlan => {
  const plan = planPerson(person, settings, NOW);
  return { ...plan, mapped: { ...plan.mapped, errors } };
};
const revenue = new MappingValueError('annualrevenue → AnnualRevenue', 'lots', 'not-a-number', 'salesforce');
const employees = new MappingValueError(
  'numberofemployees → NumberOfEmployees',
  'many',
  'no-range',
  'hubspot',
);

describe('refusedValues: mapped values that could not be converted', () => {
  const withLead = inputs({ personId: 'p1', hubspot: hubspot('101'), lead: lead('00Q1') });

  it('is a permanent failure of the record the value was for, naming field and value; the other side is settled', () => {
    const out = refusedValues([withErrors(withLead, [revenue])], [withLead], FACTS);
    expect(out.failures).toEqual([
      {
        ...FACTS,
        crm: 'salesforce',
        object: 'lead',
        source: 'mapping',
        recordId: '00Q1',
        code: 'MAPPING_VALUE_INVALID',
        message: 'Not sent: cannot convert "lots" for annualrevenue → AnnualRevenue: not a number',
        fields: ['annualrevenue → AnnualRevenue'],
        permanent: true,
      },
    ]);
    expect(out.clear).toEqual([{ crm: 'hubspot', object: 'contact', source: 'mapping', recordId: '101' }]);
  });

  it('goes to the Contact when the person has one, and joins several refusals of one record', () => {
    const converted = inputs({
      personId: 'p2',
      hubspot: hubspot('102'),
      lead: lead('00Q2'),
      contact: contact('0032'),
    });
    const second = new MappingValueError('phone → Phone', true, 'not-text', 'salesforce');
    const out = refusedValues([withErrors(converted, [revenue, second, employees])], [converted], FACTS);
    expect(out.failures.map((f) => [f.crm, f.object, f.recordId, f.fields])).toEqual([
      ['hubspot', 'contact', '102', ['numberofemployees → NumberOfEmployees']],
      ['salesforce', 'contact', '0032', ['annualrevenue → AnnualRevenue', 'phone → Phone']],
    ]);
    expect(out.clear).toEqual([]);
  });

  it('a clean plan settles both records; a person on one side settles that side only', () => {
    const hubspotOnly = inputs({ personId: 'p3', hubspot: hubspot('103') });
    const out = refusedValues(
      [withErrors(withLead, []), withErrors(hubspotOnly, [])],
      [withLead, hubspotOnly],
      FACTS,
    );
    expect(out.failures).toEqual([]);
    expect(out.clear.map((r) => `${r.crm}:${r.recordId}`)).toEqual([
      'hubspot:101',
      'salesforce:00Q1',
      'hubspot:103',
    ]);
  });
});
