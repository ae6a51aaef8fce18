import { describe, expect, it } from 'vitest';
import type { FieldDescriptor } from '../../../src/domain/field.ts';
import { suggestValueMap } from '../../../src/http/suggest-value-map.ts';

const picklist = (crm: 'hubspot' | 'salesforce', options: [string, string][]): FieldDescriptor => ({
  crm,
  object: crm === 'hubspot' ? 'contacts' : 'Lead',
  name: 'f',
  label: 'F',
  type: 'picklist',
  length: null,
  options: options.map(([value, label]) => ({ value, label, active: true })),
  writable: true,
  custom: true,
  labelEditable: true,
});

describe('suggestValueMap', () => {
  it('matches by value, then label, then loosely, and lists the rest', () => {
    const hs = picklist('hubspot', [
      ['Web', 'Web'],
      ['OPEN', 'Open'],
      ['IN_PROGRESS', 'In progress'],
      ['PARTNER_REFERRAL', 'Partner'],
      ['ODD', 'Something else'],
    ]);
    const sf = picklist('salesforce', [
      ['Web', 'Web'],
      ['Open', 'Open'],
      ['In Progress', 'In Progress'],
      ['Partner Referral', 'Partner Referral'],
    ]);
    expect(suggestValueMap(hs, sf)).toEqual({
      valueMap: { OPEN: 'Open', IN_PROGRESS: 'In Progress', PARTNER_REFERRAL: 'Partner Referral' },
      unmatched: ['ODD'],
    });
  });
});
