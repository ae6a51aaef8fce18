import { describe, expect, it } from 'vitest';
import { linkCompanies } from '../../../src/accounts/link-companies.ts';
import { company } from './fixtures.ts';

const keyed = (accounts: ReturnType<typeof linkCompanies>) =>
  accounts.map((a) => ({
    key: a.key,
    hubspot: a.hubspot?.id ?? null,
    salesforce: a.salesforce?.id ?? null,
    duplicates: a.duplicates.map((d) => `${d.crm}:${d.id}`),
  }));

describe('linkCompanies', () => {
  it('links by normalised domain: a HubSpot domain and a Salesforce Website', () => {
    const accounts = linkCompanies(
      {
        hubspot: [company('hubspot', '11', { domain: 'acme.com' })],
        salesforce: [company('salesforce', '001A', { Website: 'https://www.acme.com/' })],
      },
      'leadloop',
    );
    expect(keyed(accounts)).toEqual([
      { key: 'hubspot:11', hubspot: '11', salesforce: '001A', duplicates: [] },
    ]);
  });

  it('stored ids win over domains, from either side', () => {
    const accounts = linkCompanies(
      {
        hubspot: [
          company('hubspot', '11', { domain: 'acme.com', leadloop_salesforce_account_id: '001B' }),
          company('hubspot', '12', { domain: 'other.com' }),
        ],
        salesforce: [
          company('salesforce', '001A', { Website: 'acme.com' }),
          company('salesforce', '001B', { Website: 'acme-old.com' }),
          company('salesforce', '001C', { Website: 'x.com', Leadloop_HubSpot_Company_Id__c: '12' }),
        ],
      },
      'leadloop',
    );
    expect(keyed(accounts)).toEqual([
      { key: 'hubspot:11', hubspot: '11', salesforce: '001B', duplicates: ['salesforce:001A'] },
      { key: 'hubspot:12', hubspot: '12', salesforce: '001C', duplicates: [] },
    ]);
  });

  it('a further record with the domain is a duplicate; the newest record leads', () => {
    const accounts = linkCompanies(
      {
        hubspot: [
          company('hubspot', '11', { domain: 'acme.com' }, '2026-01-01T00:00:00.000Z'),
          company('hubspot', '12', { domain: 'ACME.com' }, '2026-02-01T00:00:00.000Z'),
        ],
        salesforce: [],
      },
      'leadloop',
    );
    expect(keyed(accounts)).toEqual([
      { key: 'hubspot:12', hubspot: '12', salesforce: null, duplicates: ['hubspot:11'] },
    ]);
  });

  it('a stored id naming a missing or taken record is ignored', () => {
    const accounts = linkCompanies(
      {
        hubspot: [
          company('hubspot', '11', { domain: 'a.com', leadloop_salesforce_account_id: '001Z' }),
          company('hubspot', '12', { domain: 'b.com', leadloop_salesforce_account_id: '001A' }),
        ],
        salesforce: [
          company('salesforce', '001A', { Website: 'b.com', Leadloop_HubSpot_Company_Id__c: '13' }),
        ],
      },
      'leadloop',
    );
    expect(keyed(accounts)).toEqual([
      { key: 'hubspot:12', hubspot: '12', salesforce: '001A', duplicates: [] },
      { key: 'hubspot:11', hubspot: '11', salesforce: null, duplicates: [] },
    ]);
  });

  it('companies without a domain stay apart', () => {
    const accounts = linkCompanies(
      {
        hubspot: [company('hubspot', '11', { name: 'Acme' })],
        salesforce: [company('salesforce', '001A', { Name: 'Acme' })],
      },
      'leadloop',
    );
    expect(accounts.map((a) => a.key).sort()).toEqual(['hubspot:11', 'salesforce:001A']);
  });
});
