import { describe, expect, it } from 'vitest';
import type { FieldDescriptor } from '../../../src/domain/field.ts';
import { absentSalesforceFields, sfFieldKey } from '../../../src/mapping/absent-fields.ts';
import { FieldMapping } from '../../../src/mapping/schema.ts';
import type { MappingDescribe } from '../../../src/mapping/targets.ts';

const field = (object: string, name: string): FieldDescriptor => ({
  crm: 'salesforce',
  object,
  name,
  label: name,
  type: 'string',
  length: 255,
  options: [],
  writable: true,
  custom: name.endsWith('__c'),
  labelEditable: false,
});

const describeOf = (lead: string[], contact: string[]): MappingDescribe => ({
  hubspot: [],
  salesforce: { lead: lead.map((n) => field('Lead', n)), contact: contact.map((n) => field('Contact', n)) },
});

const mappings = (...ms: unknown[]) => ms.map((m) => FieldMapping.parse(m));

describe('absentSalesforceFields', () => {
  it.each([
    {
      name: 'nothing absent: no probe needed',
      lead: ['Title', 'Budget__c'],
      contact: ['Title'],
      maps: mappings({ hubspot: 'budget', salesforce: { lead: 'Budget__c' } }),
      want: [],
    },
    {
      name: 'an absent Lead field, the present Contact one left out',
      lead: ['Title'],
      contact: ['Budget__c'],
      maps: mappings({ hubspot: 'budget', salesforce: { lead: 'Budget__c', contact: 'Budget__c' } }),
      want: ['Lead.Budget__c'],
    },
    {
      name: 'each absent field once, Lead first, each object in config order',
      lead: [],
      contact: [],
      maps: mappings(
        { hubspot: 'b', salesforce: { contact: 'Tier__c' } },
        { hubspot: 'a', salesforce: { lead: 'Budget__c' } },
        { hubspot: 'c', salesforce: { lead: 'Budget__c', contact: 'Tier__c' } },
      ),
      want: ['Lead.Budget__c', 'Contact.Tier__c'],
    },
  ])('$name', ({ lead, contact, maps, want }) => {
    expect(absentSalesforceFields(maps, describeOf(lead, contact)).map(sfFieldKey)).toEqual(want);
  });
});
