import { describe, expect, it } from 'vitest';
import { canonicalFields } from '../../../src/mapping/canonical.ts';
import { planMappedFields } from '../../../src/mapping/plan-mapped-fields.ts';
import { syncedAfter } from '../../../src/mapping/synced-after.ts';
import { FieldMappings } from '../../../src/mapping/schema.ts';

const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-02-01T00:00:00.000Z';

const mappings = FieldMappings.parse([
  { hubspot: 'jobtitle', salesforce: { lead: 'Title', contact: 'Title' }, rule: 'two-way' },
  {
    hubspot: 'company',
    salesforce: { lead: 'Company' },
    rule: 'prefer-salesforce-unless-blank',
    direction: 'to-hubspot',
  },
  {
    hubspot: 'employees',
    salesforce: { lead: 'NumberOfEmployees' },
    rule: 'prefer-salesforce-unless-blank',
    transform: { coerce: 'number' },
  },
  { hubspot: 'country', salesforce: { lead: 'Country', contact: 'MailingCountry' }, rule: 'dont-sync' },
  { hubspot: 'phone', salesforce: { contact: 'Phone' }, rule: 'always-hubspot' },
]);

describe('planMappedFields', () => {
  it('decides every mapping of a linked Lead', () => {
    const plan = planMappedFields(
      {
        hubspot: {
          fields: { jobtitle: 'CTO', company: 'Acme', employees: '', country: 'DE' },
          modifiedAt: T1,
          synced: { jobtitle: 'Dev', company: 'Acme', employees: '' },
        },
        salesforce: {
          object: 'lead',
          fields: { Title: 'Dev', Company: 'Acme GmbH', NumberOfEmployees: 250, Country: 'Germany' },
          modifiedAt: T0,
          synced: { Title: 'Dev', Company: 'Acme', NumberOfEmployees: null },
        },
      },
      mappings,
    );
    expect(plan).toEqual({
      hubspot: {
        company: { value: 'Acme GmbH', reason: 'prefer-salesforce-unless-blank:preferred-value' },
        employees: { value: '250', reason: 'prefer-salesforce-unless-blank:preferred-value' },
      },
      salesforce: { Title: { value: 'CTO', reason: 'two-way:hubspot-changed' } },
      conflicts: [],
      warnings: [],
      errors: [],
    });
  });

  it('uses the Contact field names for a Contact, skipping mappings without one', () => {
    const plan = planMappedFields(
      {
        hubspot: { fields: { jobtitle: 'CTO', phone: '+49 1', company: 'X' }, modifiedAt: T0 },
        salesforce: { object: 'contact', fields: { Title: 'CEO', Phone: null }, modifiedAt: T1 },
      },
      mappings,
    );
    expect(plan.hubspot).toEqual({ jobtitle: { value: 'CEO', reason: 'two-way:first-sync' } });
    expect(plan.salesforce).toEqual({ Phone: { value: '+49 1', reason: 'always-hubspot:always' } });
    expect(plan.conflicts).toEqual([
      {
        mapping: 0,
        hubspot: 'jobtitle',
        salesforce: 'Title',
        conflict: { kind: 'first-sync', hubspot: 'CTO', salesforce: 'CEO', winner: 'salesforce' },
      },
    ]);
  });

  it('collects conversion errors and truncation warnings per field', () => {
    const plan = planMappedFields(
      {
        hubspot: { fields: { jobtitle: 'Chief Everything Officer', employees: 'many' }, modifiedAt: T1 },
        salesforce: { object: 'lead', fields: { Title: null, NumberOfEmployees: null }, modifiedAt: T0 },
      },
      mappings,
      [{ salesforce: { lead: { type: 'string', length: 5 } } }],
    );
    expect(plan.salesforce).toEqual({ Title: { value: 'Chief', reason: 'two-way:first-sync' } });
    expect(plan.warnings).toEqual([
      { code: 'truncated', field: 'jobtitle → Title', target: 'salesforce', length: 24, maxLength: 5 },
    ]);
    expect(plan.errors.map((e) => e.message)).toEqual([
      'cannot convert "many" for employees → NumberOfEmployees: not a number',
    ]);
  });

  it('has nothing to sync for a person on one side only', () => {
    expect(planMappedFields({ hubspot: { fields: { jobtitle: 'CTO' }, modifiedAt: T0 } }, mappings)).toEqual({
      hubspot: {},
      salesforce: {},
      conflicts: [],
      warnings: [],
      errors: [],
    });
  });
});

describe('canonicalFields', () => {
  it('names values by HubSpot property, taking each from the side its rule prefers', () => {
    const fields = canonicalFields(
      {
        hubspot: {
          fields: { jobtitle: 'CTO', company: 'Acme', employees: '10', country: 'DE', hs_lead_status: 'NEW' },
          modifiedAt: T0,
          synced: { jobtitle: 'CTO' },
        },
        salesforce: {
          object: 'lead',
          fields: { Title: 'CEO', Company: 'Acme GmbH', NumberOfEmployees: 250, Country: 'Germany' },
          modifiedAt: T1,
          synced: { Title: 'Dev' },
        },
      },
      mappings,
    );
    expect(fields).toEqual({
      jobtitle: 'CEO', // two-way: Salesforce changed
      company: 'Acme GmbH', // prefer Salesforce, even though the direction only writes HubSpot
      employees: '250', // converted to HubSpot text
      country: 'DE', // dont-sync keeps HubSpot's
      hs_lead_status: 'NEW', // unmapped HubSpot properties pass through
    });
  });

  it('keeps HubSpot values when HubSpot changed last', () => {
    const fields = canonicalFields(
      {
        hubspot: { fields: { jobtitle: 'CTO' }, modifiedAt: T1, synced: { jobtitle: 'Dev' } },
        salesforce: { object: 'contact', fields: { Title: 'Dev' }, modifiedAt: T0, synced: { Title: 'Dev' } },
      },
      mappings,
    );
    expect(fields).toEqual({ jobtitle: 'CTO', phone: null });
  });

  it('converts a Salesforce-only person, leaving out what cannot convert', () => {
    const fields = canonicalFields(
      {
        salesforce: {
          object: 'lead',
          fields: { Title: 'CEO', NumberOfEmployees: 'lots', Country: 'Germany', Company: null },
        },
      },
      mappings,
    );
    expect(fields).toEqual({ jobtitle: 'CEO', company: null, employees: null, country: 'Germany' });
  });

  it('is the HubSpot record for a HubSpot-only person', () => {
    expect(canonicalFields({ hubspot: { fields: { jobtitle: 'CTO' } } }, mappings)).toEqual({
      jobtitle: 'CTO',
    });
  });

  it('keeps the number for scoring while HubSpot holds the range', () => {
    const ranged = FieldMappings.parse([
      {
        hubspot: 'numberofemployees',
        salesforce: { lead: 'NumberOfEmployees' },
        rule: 'prefer-salesforce-unless-blank',
        direction: 'to-hubspot',
        transform: { coerce: 'number', ranges: true },
      },
    ]);
    const targets = [
      {
        hubspot: {
          type: 'picklist' as const,
          length: null,
          options: ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'],
        },
        salesforce: {},
      },
    ];
    const person = {
      hubspot: { fields: { numberofemployees: '100-500' }, modifiedAt: T0 },
      salesforce: { object: 'lead' as const, fields: { NumberOfEmployees: 250 }, modifiedAt: T0 },
    };
    expect(canonicalFields(person, ranged, targets)).toEqual({ numberofemployees: '250' });
    expect(planMappedFields(person, ranged, targets).hubspot).toEqual({});
    const grown = { ...person, salesforce: { ...person.salesforce, fields: { NumberOfEmployees: 1200 } } };
    expect(planMappedFields(grown, ranged, targets).hubspot).toEqual({
      numberofemployees: { value: '1000+', reason: 'prefer-salesforce-unless-blank:preferred-value' },
    });
    const hubspotOnly = { hubspot: person.hubspot };
    expect(canonicalFields(hubspotOnly, ranged, targets)).toEqual({ numberofemployees: '100-500' });
  });
});

describe('syncedAfter', () => {
  it('remembers what each side holds once the writes landed, and the next run is a no-op', () => {
    const person = {
      hubspot: {
        fields: { jobtitle: 'CTO', company: 'Acme' },
        modifiedAt: T1,
        synced: { jobtitle: 'Dev', company: 'Acme' },
      },
      salesforce: {
        object: 'lead' as const,
        fields: { Title: 'Dev', Company: 'Acme GmbH' },
        modifiedAt: T0,
        synced: { Title: 'Dev', Company: 'Acme' },
      },
    };
    const plan = planMappedFields(person, mappings);
    const synced = syncedAfter(person, plan, mappings);
    expect(synced).toEqual({
      hubspot: { jobtitle: 'CTO', company: 'Acme GmbH', employees: null, country: null, phone: null },
      salesforce: { Title: 'CTO', Company: 'Acme GmbH', NumberOfEmployees: null, Country: null },
    });
    const next = {
      hubspot: {
        ...person.hubspot,
        fields: { ...person.hubspot.fields, company: 'Acme GmbH' },
        synced: synced.hubspot,
      },
      salesforce: {
        ...person.salesforce,
        fields: { ...person.salesforce.fields, Title: 'CTO' },
        synced: synced.salesforce,
      },
    };
    expect(planMappedFields(next, mappings)).toMatchObject({ hubspot: {}, salesforce: {} });
  });

  it('keeps a direction-restricted difference without reverting it next run', () => {
    const oneWay = FieldMappings.parse([
      { hubspot: 'jobtitle', salesforce: { lead: 'Title' }, direction: 'to-hubspot' },
    ]);
    const person = {
      hubspot: { fields: { jobtitle: 'CTO' }, modifiedAt: T1, synced: { jobtitle: 'Dev' } },
      salesforce: {
        object: 'lead' as const,
        fields: { Title: 'Dev' },
        modifiedAt: T0,
        synced: { Title: 'Dev' },
      },
    };
    const plan = planMappedFields(person, oneWay);
    expect(plan.salesforce).toEqual({});
    const synced = syncedAfter(person, plan, oneWay);
    const next = {
      hubspot: { ...person.hubspot, synced: synced.hubspot },
      salesforce: { ...person.salesforce, synced: synced.salesforce },
    };
    expect(planMappedFields(next, oneWay)).toMatchObject({ hubspot: {}, salesforce: {} });
  });
});
