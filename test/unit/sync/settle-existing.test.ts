import { describe, expect, it } from 'vitest';
import type { PlannedCreate } from '../../../src/sync/plan-creates.ts';
import { ownFieldsOfCreate, settlementOf } from '../../../src/sync/settle-existing.ts';
import type { PersonLink } from '../../../src/domain/person-link.ts';

const link = (personId: string, ids: Partial<PersonLink> = {}): PersonLink => ({
  personId,
  hubspotId: null,
  salesforceLeadId: null,
  salesforceContactId: null,
  email: 'ann@x.com',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...ids,
});

describe('settlementOf: a create answered by an existing record', () => {
  const lead = link('p2', { salesforceLeadId: '00Q2' });
  const hubspotPerson = link('p1', { hubspotId: '7', salesforceLeadId: '00Q1' });
  it.each([
    ['nobody holds the record: link it', lead, undefined, { kind: 'link' }],
    ['this person already holds it (a repeated answer): link it', lead, lead, { kind: 'link' }],
    [
      'the HubSpot contact belongs to another person: the Salesforce-only person merges into it',
      lead,
      hubspotPerson,
      { kind: 'merge', survivor: hubspotPerson, other: lead },
    ],
    [
      'the Salesforce match belongs to a Salesforce-only person: it merges into the HubSpot person',
      link('p3', { hubspotId: '9' }),
      lead,
      { kind: 'merge', survivor: link('p3', { hubspotId: '9' }), other: lead },
    ],
    [
      'both people have their own HubSpot contact: never merged',
      link('p3', { hubspotId: '9' }),
      hubspotPerson,
      { kind: 'conflict', holder: hubspotPerson },
    ],
  ])('%s', (_case, me, holder, expected) => {
    expect(settlementOf(me, holder)).toEqual(expected);
  });
});

describe('ownFieldsOfCreate', () => {
  it('keeps leadloop’s own fields and the linked id, never mapped fields', () => {
    const create: PlannedCreate = {
      crm: 'hubspot',
      object: 'contact',
      externalIdField: 'leadloop_salesforce_id',
      externalId: '00Q2',
      fields: { email: 'ann@x.com', firstname: 'Ann', leadloop_score: 42, leadloop_stage: 'RECYCLED' },
      reason: 'recycled',
    };
    expect(ownFieldsOfCreate(create, 'leadloop')).toEqual({
      leadloop_score: 42,
      leadloop_stage: 'RECYCLED',
      leadloop_salesforce_id: '00Q2',
    });
  });
});
