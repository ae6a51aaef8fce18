import { describe, expect, it } from 'vitest';
import type { FieldDescriptor, FieldType } from '../../../src/domain/field.ts';
import { compatibility } from '../../../src/mapping/compatibility.ts';
import { FieldMapping } from '../../../src/mapping/schema.ts';
import type { MappingDescribe } from '../../../src/mapping/targets.ts';
import { assertMappings, checkMappings, problemLine } from '../../../src/mapping/type-check.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

type Extra = Partial<Omit<FieldDescriptor, 'crm' | 'object' | 'name' | 'type'>> & { values?: string[] };

function fieldOf(
  crm: FieldDescriptor['crm'],
  object: string,
  name: string,
  type: FieldType,
  extra: Extra = {},
): FieldDescriptor {
  const { values, ...rest } = extra;
  return {
    crm,
    object,
    name,
    label: name,
    type,
    length: type === 'string' ? 255 : null,
    options: (values ?? []).map((value) => ({ value, label: value, active: true })),
    writable: true,
    custom: false,
    labelEditable: false,
    ...rest,
  };
}
const hs = (name: string, type: FieldType, extra?: Extra) =>
  fieldOf('hubspot', 'contacts', name, type, { length: null, ...extra });
const lead = (name: string, type: FieldType, extra?: Extra) =>
  fieldOf('salesforce', 'Lead', name, type, extra);
const contact = (name: string, type: FieldType, extra?: Extra) =>
  fieldOf('salesforce', 'Contact', name, type, extra);

const describeAll: MappingDescribe = {
  hubspot: [
    hs('email', 'email'),
    hs('jobtitle', 'string'),
    hs('numberofemployees', 'picklist', { values: ['1-5', '5-25', '25-50'] }),
    hs('employees_exact', 'number'),
    hs('annualrevenue', 'string'),
    hs('hs_lead_status', 'picklist', { values: ['NEW', 'OPEN', 'IN_PROGRESS', 'BAD_TIMING'] }),
    hs('hs_object_id', 'number', { writable: false }),
    hs('opted_out', 'boolean'),
    hs('last_touch', 'datetime'),
    hs('notes', 'textarea'),
    hs('interests', 'multipicklist', { values: ['a', 'b'] }),
  ],
  salesforce: {
    lead: [
      lead('Email', 'email', { length: 80 }),
      lead('Title', 'string', { length: 128 }),
      lead('NumberOfEmployees', 'number'),
      lead('AnnualRevenue', 'number'),
      lead('Status', 'picklist', {
        values: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'],
        length: 255,
      }),
      lead('Industry', 'picklist', { values: ['Banking'], restricted: false, length: 255 }),
      lead('Name', 'string', { writable: false }),
      lead('HasOptedOutOfEmail', 'boolean'),
      lead('Last_Touch_Date__c', 'date'),
      lead('Short__c', 'string', { length: 10 }),
      lead('Interest__c', 'picklist', { values: ['a', 'b'] }),
    ],
    contact: [contact('Email', 'email', { length: 80 }), contact('Title', 'string', { length: 128 })],
  },
};

const lines = (mappings: unknown[]): string[] =>
  checkMappings(
    mappings.map((m) => FieldMapping.parse(m)),
    describeAll,
  ).map((p) => `${p.level}: ${problemLine(p)}`);

describe('checkMappings', () => {
  it('accepts compatible mappings', () => {
    expect(
      lines([
        { hubspot: 'email', salesforce: { lead: 'Email', contact: 'Email' } },
        { hubspot: 'jobtitle', salesforce: { lead: 'Title', contact: 'Title' } },
        { hubspot: 'opted_out', salesforce: { lead: 'HasOptedOutOfEmail' } },
        {
          hubspot: 'employees_exact',
          salesforce: { lead: 'NumberOfEmployees' },
          rule: 'prefer-salesforce-unless-blank',
        },
      ]),
    ).toEqual([]);
  });

  it('names a missing field with a suggestion', () => {
    expect(lines([{ hubspot: 'jobtitel', salesforce: { lead: 'Titel', contact: 'Title' } }]))
      .toMatchInlineSnapshot(`
      [
        "error: fieldMappings[0].hubspot: HubSpot property "jobtitel" does not exist (did you mean "jobtitle"?)",
        "error: fieldMappings[0].salesforce.lead: Salesforce Lead field "Titel" does not exist (did you mean "Title"?)",
      ]
    `);
  });

  it('names a missing field without a suggestion when nothing is close', () => {
    expect(lines([{ hubspot: 'jobtitle', salesforce: { contact: 'Favourite_Colour__c' } }]))
      .toMatchInlineSnapshot(`
      [
        "error: fieldMappings[0].salesforce.contact: Salesforce Contact field "Favourite_Colour__c" does not exist",
      ]
    `);
  });

  it('rejects a read-only target the rule writes, considering the direction', () => {
    expect(
      lines([
        { hubspot: 'jobtitle', salesforce: { lead: 'Name' } },
        { hubspot: 'jobtitle', salesforce: { lead: 'Name' }, direction: 'to-hubspot' },
        { hubspot: 'hs_object_id', salesforce: { lead: 'NumberOfEmployees' } },
        { hubspot: 'hs_object_id', salesforce: { lead: 'NumberOfEmployees' }, rule: 'always-hubspot' },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "error: fieldMappings[0].salesforce.lead: Salesforce Lead field "Name" is read-only, but rule "two-way" with direction "both" writes to it (use direction: to-hubspot)",
        "error: fieldMappings[2].hubspot: HubSpot property "hs_object_id" is read-only, but rule "two-way" with direction "both" writes to it (use direction: to-salesforce)",
      ]
    `);
  });

  it('rejects incompatible types unless a coercion is asked for', () => {
    expect(
      lines([
        { hubspot: 'annualrevenue', salesforce: { lead: 'AnnualRevenue' } },
        { hubspot: 'annualrevenue', salesforce: { lead: 'AnnualRevenue' }, transform: { coerce: 'number' } },
        { hubspot: 'employees_exact', salesforce: { lead: 'HasOptedOutOfEmail' } },
        { hubspot: 'last_touch', salesforce: { lead: 'Last_Touch_Date__c' }, direction: 'to-salesforce' },
        { hubspot: 'opted_out', salesforce: { lead: 'NumberOfEmployees' }, transform: { coerce: 'number' } },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "error: fieldMappings[0].salesforce.lead: HubSpot text property "annualrevenue" → Salesforce Lead number field "AnnualRevenue" needs transform.coerce: number",
        "warning: fieldMappings[1].salesforce.lead: HubSpot text property "annualrevenue" → Salesforce Lead number field "AnnualRevenue": values that are not a valid number fail per record",
        "error: fieldMappings[2].salesforce.lead: HubSpot number property "employees_exact" → Salesforce Lead boolean field "HasOptedOutOfEmail": incompatible types",
        "error: fieldMappings[2].salesforce.lead: Salesforce Lead boolean field "HasOptedOutOfEmail" → HubSpot number property "employees_exact": incompatible types",
        "warning: fieldMappings[3].salesforce.lead: HubSpot date-time property "last_touch" → Salesforce Lead date field "Last_Touch_Date__c": the time of day is dropped (the UTC date is kept)",
        "error: fieldMappings[4].salesforce.lead: HubSpot boolean property "opted_out" → Salesforce Lead number field "NumberOfEmployees": transform.coerce number does not fit these types",
        "error: fieldMappings[4].salesforce.lead: Salesforce Lead number field "NumberOfEmployees" → HubSpot boolean property "opted_out": transform.coerce number does not fit these types",
      ]
    `);
  });

  it('requires every source picklist value to exist on a restricted target, after the value map', () => {
    expect(
      lines([
        { hubspot: 'hs_lead_status', salesforce: { lead: 'Status' }, direction: 'to-salesforce' },
        {
          hubspot: 'hs_lead_status',
          salesforce: { lead: 'Status' },
          rule: 'always-hubspot',
          transform: {
            valueMap: {
              NEW: 'Open - Not Contacted',
              OPEN: 'Open - Not Contacted',
              IN_PROGRESS: 'Working - Contacted',
            },
          },
        },
        {
          hubspot: 'hs_lead_status',
          salesforce: { lead: 'Status' },
          rule: 'always-salesforce',
          transform: {
            valueMap: {
              NEW: 'Open - Not Contacted',
              IN_PROGRESS: 'Working - Contacted',
              BAD_TIMING: 'Closed - Not Converted',
            },
          },
        },
        { hubspot: 'interests', salesforce: { lead: 'Interest__c' } },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "error: fieldMappings[0].salesforce.lead: HubSpot property "hs_lead_status" values "NEW", "OPEN", "IN_PROGRESS", "BAD_TIMING" are not values of Salesforce Lead field "Status" (add them to transform.valueMap or to the picklist)",
        "error: fieldMappings[1].salesforce.lead: HubSpot property "hs_lead_status" values "BAD_TIMING" are not values of Salesforce Lead field "Status" (add them to transform.valueMap or to the picklist)",
        "error: fieldMappings[3].salesforce.lead: HubSpot multi-select property "interests" → Salesforce Lead picklist field "Interest__c": a multi-select cannot go into a single picklist",
      ]
    `);
  });

  it('warns about free text into a restricted picklist, and not into an unrestricted one', () => {
    expect(
      lines([
        { hubspot: 'jobtitle', salesforce: { lead: 'Status' }, direction: 'to-salesforce' },
        { hubspot: 'jobtitle', salesforce: { lead: 'Industry' }, direction: 'to-salesforce' },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "warning: fieldMappings[0].salesforce.lead: HubSpot text property "jobtitle" → Salesforce Lead picklist field "Status": values outside the picklist's options fail per record (map them with transform.valueMap)",
      ]
    `);
  });

  it('rejects text longer than the target only when truncation is off', () => {
    expect(
      lines([
        { hubspot: 'notes', salesforce: { lead: 'Short__c' }, direction: 'to-salesforce' },
        {
          hubspot: 'notes',
          salesforce: { lead: 'Short__c' },
          direction: 'to-salesforce',
          transform: { truncate: false },
        },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "error: fieldMappings[1].salesforce.lead: HubSpot text property "notes" → Salesforce Lead text field "Short__c": values longer than 10 characters would fail (set transform.truncate: true)",
      ]
    `);
  });

  it('checks number ranges: Salesforce number into a HubSpot picklist of ranges, one way only', () => {
    expect(
      lines([
        {
          hubspot: 'numberofemployees',
          salesforce: { lead: 'NumberOfEmployees' },
          rule: 'prefer-salesforce-unless-blank',
          direction: 'to-hubspot',
          transform: { ranges: true },
        },
        {
          hubspot: 'numberofemployees',
          salesforce: { lead: 'NumberOfEmployees' },
          transform: { ranges: true },
        },
        {
          hubspot: 'hs_lead_status',
          salesforce: { lead: 'NumberOfEmployees' },
          direction: 'to-hubspot',
          transform: { ranges: true },
        },
        { hubspot: 'numberofemployees', salesforce: { lead: 'NumberOfEmployees' }, direction: 'to-hubspot' },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "error: fieldMappings[1].salesforce.lead: HubSpot picklist property "numberofemployees" → Salesforce Lead number field "NumberOfEmployees": transform.ranges only writes Salesforce numbers into HubSpot (use direction: to-hubspot)",
        "error: fieldMappings[2].salesforce.lead: Salesforce Lead number field "NumberOfEmployees" → HubSpot picklist property "hs_lead_status": options "NEW", "OPEN", "IN_PROGRESS", "BAD_TIMING" are not number ranges (like "5-25" or "1000+")",
        "warning: fieldMappings[3].salesforce.lead: Salesforce Lead number field "NumberOfEmployees" → HubSpot picklist property "numberofemployees": values outside the picklist's options fail per record (its options are number ranges: set transform.ranges: true)",
      ]
    `);
  });

  it('warns when rule and direction cancel out', () => {
    expect(
      lines([
        {
          hubspot: 'jobtitle',
          salesforce: { lead: 'Title' },
          rule: 'always-hubspot',
          direction: 'to-hubspot',
        },
      ]),
    ).toMatchInlineSnapshot(`
      [
        "warning: fieldMappings[0]: rule "always-hubspot" with direction "to-hubspot" never writes anything",
      ]
    `);
  });

  it('assertMappings throws one ConfigError line per error and returns the warnings', () => {
    const mappings = [
      FieldMapping.parse({ hubspot: 'jobtitel', salesforce: { lead: 'Title' } }),
      FieldMapping.parse({
        hubspot: 'last_touch',
        salesforce: { lead: 'Last_Touch_Date__c' },
        direction: 'to-salesforce',
      }),
    ];
    expect(() => assertMappings(mappings, describeAll)).toThrow(ConfigError);
    try {
      assertMappings(mappings, describeAll);
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'fieldMappings[0].hubspot: HubSpot property "jobtitel" does not exist (did you mean "jobtitle"?)',
      ]);
    }
    expect(assertMappings(mappings.slice(1), describeAll).map(problemLine)).toHaveLength(1);
  });
});

describe('compatibility (live admin check)', () => {
  it.each<[string, FieldDescriptor, FieldDescriptor, string]>([
    ['text ↔ text', hs('jobtitle', 'string'), lead('Title', 'string'), 'ok'],
    ['number ↔ number', hs('employees_exact', 'number'), lead('NumberOfEmployees', 'number'), 'ok'],
    ['date-time ↔ date', hs('last_touch', 'datetime'), lead('Last_Touch_Date__c', 'date'), 'warning'],
    ['text ↔ number', hs('annualrevenue', 'string'), lead('AnnualRevenue', 'number'), 'error'],
    ['number ↔ boolean', hs('employees_exact', 'number'), lead('HasOptedOutOfEmail', 'boolean'), 'error'],
  ])('%s → %s', (_name, a, b, level) => {
    expect(compatibility(a, b).level).toBe(level);
  });

  it('explains itself', () => {
    expect(compatibility(hs('jobtitle', 'string'), lead('Title', 'string'))).toMatchInlineSnapshot(`
      {
        "level": "ok",
        "message": "HubSpot text property "jobtitle" ↔ Salesforce Lead text field "Title": compatible",
      }
    `);
    expect(
      compatibility(hs('annualrevenue', 'string'), lead('AnnualRevenue', 'number'), {
        direction: 'to-salesforce',
      }),
    ).toMatchInlineSnapshot(`
      {
        "level": "error",
        "message": "HubSpot text property "annualrevenue" → Salesforce Lead number field "AnnualRevenue" needs transform.coerce: number",
      }
    `);
  });
});
