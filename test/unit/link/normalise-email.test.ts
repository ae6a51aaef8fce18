import { describe, expect, it } from 'vitest';
import { emailOfRecord } from '../../../src/link/record-email.ts';
import { normaliseEmail } from '../../../src/link/normalise-email.ts';
import { FieldMappings } from '../../../src/mapping/schema.ts';
import { contact, hs, lead } from './fixtures.ts';

describe('normaliseEmail', () => {
  it.each<[unknown, string | null]>([
    ['Ann@Example.COM', 'ann@example.com'],
    ['  ann@example.com\t', 'ann@example.com'],
    ['first.last+news@gmail.com', 'first.last+news@gmail.com'],
    ['ann@sub.example.co.uk', 'ann@sub.example.co.uk'],
    ['', null],
    ['   ', null],
    ['ann', null],
    ['ann@', null],
    ['@example.com', null],
    ['ann@example', null],
    ['ann@@example.com', null],
    ['ann @example.com', null],
    ['ann@example..com', null],
    [null, null],
    [42, null],
  ])('%j → %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe('emailOfRecord', () => {
  it('reads HubSpot `email` and Salesforce `Email` by default', () => {
    expect(emailOfRecord(hs('h1', { email: 'a@x.com' }))).toBe('a@x.com');
    expect(emailOfRecord(lead('l1', { email: 'b@x.com' }))).toBe('b@x.com');
    expect(emailOfRecord(contact('c1', { email: null }))).toBeNull();
  });

  it('reads the Salesforce field the email mapping names, per object', () => {
    const mappings = FieldMappings.parse([{ hubspot: 'email', salesforce: { contact: 'Work_Email__c' } }]);
    expect(
      emailOfRecord(contact('c1', { fields: { Work_Email__c: 'w@x.com', Email: 'e@x.com' } }), mappings),
    ).toBe('w@x.com');
    expect(emailOfRecord(lead('l1', { email: 'e@x.com' }), mappings)).toBe('e@x.com');
  });
});
