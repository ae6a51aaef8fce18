import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../src/domain/person.ts';
import { linkIdWrites, primarySalesforceRef } from '../../../src/link/link-ids.ts';
import { person } from './fixtures.ts';

const fields = (entries: Record<string, Record<string, FieldValue>>) => new Map(Object.entries(entries));

describe('linkIdWrites', () => {
  const linked = person('p1', { hubspotId: 'h1', salesforceContactId: 'c1' });

  it('writes each side the other side’s id when missing', () => {
    expect(
      linkIdWrites(
        linked,
        fields({ 'hubspot:contact:h1': {}, 'salesforce:contact:c1': { Leadloop_HubSpot_Id__c: null } }),
      ),
    ).toEqual([
      { crm: 'hubspot', object: 'contact', id: 'h1', field: 'leadloop_salesforce_id', value: 'c1' },
      { crm: 'salesforce', object: 'contact', id: 'c1', field: 'Leadloop_HubSpot_Id__c', value: 'h1' },
    ]);
  });

  it('writes nothing when both already carry the right ids', () => {
    expect(
      linkIdWrites(
        linked,
        fields({
          'hubspot:contact:h1': { leadloop_salesforce_id: 'c1' },
          'salesforce:contact:c1': { Leadloop_HubSpot_Id__c: ' h1 ' },
        }),
      ),
    ).toEqual([]);
  });

  it('replaces a wrong id (a Lead id after conversion) and writes records it knows nothing about', () => {
    expect(linkIdWrites(linked, fields({ 'hubspot:contact:h1': { leadloop_salesforce_id: 'l1' } }))).toEqual([
      { crm: 'hubspot', object: 'contact', id: 'h1', field: 'leadloop_salesforce_id', value: 'c1' },
      { crm: 'salesforce', object: 'contact', id: 'c1', field: 'Leadloop_HubSpot_Id__c', value: 'h1' },
    ]);
  });

  it('uses the Lead when the person has no Contact, and the configured prefix', () => {
    expect(
      linkIdWrites(person('p1', { hubspotId: 'h1', salesforceLeadId: 'l1' }), fields({}), 'acme').map(
        (w) => `${w.id}.${w.field}=${w.value}`,
      ),
    ).toEqual(['h1.acme_salesforce_id=l1', 'l1.Acme_HubSpot_Id__c=h1']);
  });

  it('has nothing to write for a person on one side only', () => {
    expect(linkIdWrites(person('p1', { hubspotId: 'h1' }), fields({}))).toEqual([]);
    expect(linkIdWrites(person('p1', { salesforceLeadId: 'l1' }), fields({}))).toEqual([]);
  });

  it('names the Salesforce record a person syncs with: Contact over Lead', () => {
    expect(primarySalesforceRef(person('p', { salesforceLeadId: 'l1', salesforceContactId: 'c1' }))).toEqual({
      crm: 'salesforce',
      object: 'contact',
      id: 'c1',
    });
    expect(primarySalesforceRef(person('p', { hubspotId: 'h1' }))).toBeNull();
  });
});
