import { describe, expect, it } from 'vitest';
import {
  holdsNoRecord,
  linkFieldOf,
  refsOf,
  withoutRecord,
  withRecord,
  type PersonLink,
  type RecordRef,
} from '../../../src/domain/person-link.ts';

const empty: PersonLink = {
  personId: 'p1',
  hubspotId: null,
  salesforceLeadId: null,
  salesforceContactId: null,
  email: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const cases: { ref: RecordRef; column: keyof PersonLink }[] = [
  { ref: { crm: 'hubspot', object: 'contact', id: '101' }, column: 'hubspotId' },
  { ref: { crm: 'salesforce', object: 'lead', id: '00Q1' }, column: 'salesforceLeadId' },
  { ref: { crm: 'salesforce', object: 'contact', id: '0031' }, column: 'salesforceContactId' },
];

describe('person links and record refs', () => {
  it.each(cases)('$ref.crm $ref.object lives in $column and converts both ways', ({ ref, column }) => {
    const link = withRecord(empty, ref);
    expect(link[column]).toBe(ref.id);
    expect(refsOf(link)).toEqual([ref]);
    expect(linkFieldOf(ref)).toBe(column);
    expect(holdsNoRecord(withoutRecord(link, ref))).toBe(true);
  });

  it('lists refs in column order and removes only the id it names', () => {
    const link = cases.reduce((l, c) => withRecord(l, c.ref), empty);
    expect(refsOf(link)).toEqual(cases.map((c) => c.ref));
    const other: RecordRef = { crm: 'salesforce', object: 'lead', id: '00Q2' };
    expect(withoutRecord(link, other)).toBe(link);
    expect(holdsNoRecord(link)).toBe(false);
  });

  it('no link column holds a HubSpot lead', () => {
    expect(linkFieldOf({ crm: 'hubspot', object: 'lead' })).toBeNull();
    expect(() => withRecord(empty, { crm: 'hubspot', object: 'lead', id: '1' })).toThrow(/hubspot lead/);
  });
});
