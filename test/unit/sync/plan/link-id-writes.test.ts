import { describe, expect, it } from 'vitest';
import type { RecordSnapshot } from '../../../../src/state/types.ts';
import { plannedLinkIdWrites } from '../../../../src/sync/plan/link-id-writes.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { contact, hubspot, lead, link, write } from '../fixtures.ts';
import type { PersonLink } from '../../../../src/domain/person-link.ts';

const plain = ({ crm, object, id, field, from, to, reason }: PlannedWrite): PlannedWrite => ({
  crm,
  object,
  id,
  field,
  from,
  to,
  reason,
});

const hs = hubspot('101');
const ld = lead('00Q1');
const ct = contact('003A');
const both = link('p1', { hubspotId: '101', salesforceLeadId: '00Q1' });

describe('plannedLinkIdWrites: each side carries the other’s id', () => {
  it.each<[string, PersonLink, (RecordSnapshot | undefined)[], PlannedWrite[]]>([
    [
      'neither record has the other’s id yet',
      both,
      [hs, ld],
      [
        write(hs, 'leadloop_salesforce_id', null, '00Q1', 'link ids'),
        write(ld, 'Leadloop_HubSpot_Id__c', null, '101', 'link ids'),
      ],
    ],
    [
      'both carry them (padding ignored): nothing',
      both,
      [hubspot('101', { leadloop_salesforce_id: ' 00Q1 ' }), lead('00Q1', { Leadloop_HubSpot_Id__c: '101' })],
      [],
    ],
    [
      'a stale id is replaced, quoting it',
      both,
      [hubspot('101', { leadloop_salesforce_id: '00Q9' }), lead('00Q1', { Leadloop_HubSpot_Id__c: '101' })],
      [write(hs, 'leadloop_salesforce_id', '00Q9', '00Q1', 'link ids')],
    ],
    [
      'a converted person: the Contact is the partner, the Lead is left alone',
      link('p1', { hubspotId: '101', salesforceLeadId: '00Q1', salesforceContactId: '003A' }),
      [hs, ld, ct],
      [
        write(hs, 'leadloop_salesforce_id', null, '003A', 'link ids'),
        write(ct, 'Leadloop_HubSpot_Id__c', null, '101', 'link ids'),
      ],
    ],
    [
      'a record not pulled yet is written as if empty',
      both,
      [hubspot('101', { leadloop_salesforce_id: '00Q1' }), undefined],
      [write(ld, 'Leadloop_HubSpot_Id__c', null, '101', 'link ids')],
    ],
    ['a person on one side only has no partner id to write', link('p1', { hubspotId: '101' }), [hs], []],
  ])('%s', (_case, personLink, records, expected) => {
    expect(plannedLinkIdWrites(personLink, records, 'leadloop').map(plain)).toEqual(expected);
  });
});
