import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldMappings } from '../../../src/mapping/schema.ts';

const problems = (input: unknown): string[] => {
  const result = FieldMappings.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('fieldMappings schema', () => {
  it('fills defaults', () => {
    expect(FieldMappings.parse([{ hubspot: 'jobtitle', salesforce: { lead: 'Title' } }])).toEqual([
      { hubspot: 'jobtitle', salesforce: { lead: 'Title' }, direction: 'both', rule: 'two-way' },
    ]);
    expect(FieldMappings.parse(undefined)).toEqual([]);
  });

  it('requires a Salesforce field on at least one object', () => {
    expect(problems([{ hubspot: 'jobtitle', salesforce: {} }])).toEqual([
      '0.salesforce: name the Salesforce field for lead, contact or both',
    ]);
  });

  it('rejects a field mapped twice', () => {
    expect(
      problems([
        { hubspot: 'jobtitle', salesforce: { lead: 'Title', contact: 'Title' } },
        { hubspot: 'jobtitle', salesforce: { contact: 'Department' } },
        { hubspot: 'title2', salesforce: { lead: 'Title' } },
      ]),
    ).toEqual([
      '1.hubspot: "jobtitle" is already mapped by fieldMappings[0]',
      '2.salesforce.lead: "Title" is already mapped by fieldMappings[0]',
    ]);
  });

  it('rejects unknown rules and keys', () => {
    const result = FieldMappings.safeParse([
      { hubspot: 'x', salesforce: { lead: 'X' }, rule: 'newest', colour: 1 },
    ]);
    expect(result.success).toBe(false);
    if (!result.success) expect(z.prettifyError(result.error)).toContain('rule');
  });
});
