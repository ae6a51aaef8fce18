/**
 * Records merged in their CRM (issue 12, "Identity"): HubSpot lists the merged-away ids on the survivor
 * (`mergedIds`, from `hs_merged_object_ids`), Salesforce names the survivor on the deleted loser
 * (`mergedInto`, from `MasterRecordId`). The person follows the survivor; a merge is never a deletion.
 */
import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { linkLookups, linkRecords } from '../../../src/link/link.ts';
import { mergesOf } from '../../../src/link/link-merges.ts';
import { NOW, T1, T2, contact, counter, existing, hs, lead, person } from './fixtures.ts';
import type { PersonLink } from '../../../src/domain/person-link.ts';

const run = (records: PersonRecord[], ...links: PersonLink[]) =>
  linkRecords(records, existing(...links), { now: NOW, newId: counter('n') });

/** Each person's records, ignoring `updatedAt`: what the store holds after `links` are put. */
const shape = (links: readonly PersonLink[]) =>
  links.map((l) => [l.personId, l.hubspotId, l.salesforceLeadId, l.salesforceContactId, l.email]);

const A = person('pA', { hubspotId: 'h1', salesforceLeadId: 'l1', email: 'ann@x.com' });
const B = person('pB', { hubspotId: 'h2', email: 'ann.old@x.com' });
const C = person('pC', { hubspotId: 'h2', salesforceLeadId: 'l2', email: 'ann.old@x.com' });

describe('mergesOf', () => {
  it('reads HubSpot survivors and Salesforce losers as (from, into) pairs in a stable order', () => {
    const merges = mergesOf([
      hs('h9', { mergedIds: ['h3', 'h2', 'h9'], modifiedAt: T1 }),
      lead('l5', { deleted: true, mergedInto: 'l4', modifiedAt: T2 }),
      lead('l6', { deleted: true }),
    ]);
    expect(merges.map((m) => [m.from.id, m.into.id, m.from.object, m.modifiedAt])).toEqual([
      ['h2', 'h9', 'contact', T1],
      ['h3', 'h9', 'contact', T1],
      ['l5', 'l4', 'lead', T2],
    ]);
  });

  it('makes linkLookups fetch the record on the other end of each merge', () => {
    const { refs } = linkLookups([
      hs('h9', { mergedIds: ['h2'] }),
      contact('c5', { deleted: true, mergedInto: 'c4' }),
    ]);
    expect(refs.map((r) => `${r.crm}:${r.object}:${r.id}`).sort()).toEqual([
      'hubspot:contact:h2',
      'hubspot:contact:h9',
      'salesforce:contact:c4',
      'salesforce:contact:c5',
    ]);
  });
});

describe('linkRecords: HubSpot merges', () => {
  it('a person whose contact was merged into one nobody holds moves to it, no new person, no tombstone', () => {
    const result = run([hs('h9', { email: 'ann.old@x.com', mergedIds: ['h2'], modifiedAt: T1 })], C);
    expect(shape(result.links)).toEqual([['pC', 'h9', 'l2', null, 'ann.old@x.com']]);
    expect(result.detached).toEqual([]);
    expect(result.unlinked).toEqual([]);
    expect(result.recordMerges).toEqual([
      {
        from: { crm: 'hubspot', object: 'contact', id: 'h2' },
        into: { crm: 'hubspot', object: 'contact', id: 'h9' },
        personId: 'pC',
      },
    ]);
    expect(result.affectedPersonIds).toEqual(['pC']);
  });

  it('the primary belongs to another person: the two become one, the survivor keeps its contact', () => {
    const result = run([hs('h1', { email: 'ann@x.com', mergedIds: ['h2'], modifiedAt: T1 })], A, B);
    expect(shape(result.links)).toEqual([]);
    expect(result.unlinked).toEqual(['pB']);
    expect(result.merged).toEqual([{ from: 'pB', into: 'pA' }]);
    expect(result.detached).toEqual([]);
  });

  it('the merged-away person brings its Salesforce record to a survivor that has none', () => {
    const hubspotOnly = person('pH', { hubspotId: 'h1', email: 'ann@x.com' });
    const result = run([hs('h1', { email: 'ann@x.com', mergedIds: ['h2'] })], hubspotOnly, C);
    expect(shape(result.links)).toEqual([['pH', 'h1', 'l2', null, 'ann@x.com']]);
    expect(result.merged).toEqual([{ from: 'pC', into: 'pH' }]);
    expect(result.unlinked).toEqual(['pC']);
  });

  it('both people hold a Salesforce record under different emails: kept apart, tombstoned, reported', () => {
    const result = run([hs('h1', { email: 'ann@x.com', mergedIds: ['h2'] })], A, C);
    expect(shape(result.links)).toEqual([['pC', null, 'l2', null, 'ann.old@x.com']]);
    expect(result.detached).toEqual([
      { personId: 'pC', ref: { crm: 'hubspot', object: 'contact', id: 'h2' } },
    ]);
    expect(result.ambiguities).toEqual([
      {
        kind: 'merged-into-another-person',
        ref: { crm: 'hubspot', object: 'contact', id: 'h2' },
        into: { crm: 'hubspot', object: 'contact', id: 'h1' },
        personId: 'pC',
        otherPersonId: 'pA',
      },
    ]);
    expect(result.merged).toEqual([]);
  });

  it('both under one email: one person, the other Salesforce record its duplicate', () => {
    const other = person('pD', { hubspotId: 'h2', salesforceLeadId: 'l2', email: 'ann@x.com' });
    const result = run([hs('h1', { email: 'ann@x.com', mergedIds: ['h2'] })], A, other);
    expect(result.unlinked).toEqual(['pD']);
    expect(result.merged).toEqual([{ from: 'pD', into: 'pA' }]);
    expect(result.duplicates).toEqual([
      { personId: 'pA', ref: { crm: 'salesforce', object: 'lead', id: 'l2' }, email: 'ann@x.com' },
    ]);
  });

  it('a merge that minted a new id: both old ids lead to it, and an archive entry for them is no deletion', () => {
    const result = run(
      [
        hs('h9', { email: 'ann@x.com', mergedIds: ['h1', 'h2'], modifiedAt: T1 }),
        hs('h1', { deleted: true, modifiedAt: T2 }),
        hs('h2', { deleted: true, modifiedAt: T2 }),
      ],
      A,
      B,
    );
    expect(shape(result.links)).toEqual([['pA', 'h9', 'l1', null, 'ann@x.com']]);
    expect(result.unlinked).toEqual(['pB']);
    expect(result.detached).toEqual([]);
  });

  it('a survivor pulled again later (its merged ids unchanged, nobody holding them) changes nothing', () => {
    const moved = person('pC', { hubspotId: 'h9', salesforceLeadId: 'l2', email: 'ann.old@x.com' });
    const result = run([hs('h9', { email: 'ann.old@x.com', mergedIds: ['h2'] })], moved);
    expect(result.links).toEqual([]);
    expect(result.recordMerges).toEqual([]);
  });
});

describe('linkRecords: Salesforce merges', () => {
  it('a deleted Lead with a MasterRecordId hands its person to the master, which nobody held', () => {
    const result = run(
      [lead('l1', { deleted: true, mergedInto: 'l7', modifiedAt: T1 }), lead('l7', { email: 'ann@x.com' })],
      A,
    );
    expect(shape(result.links)).toEqual([['pA', 'h1', 'l7', null, 'ann@x.com']]);
    expect(result.detached).toEqual([]);
    expect(result.unlinked).toEqual([]);
    expect(result.duplicates).toEqual([]);
  });

  it('the master pulled first (joining as a duplicate by email), the deletion after: the master takes the place', () => {
    const first = run([lead('l7', { email: 'ann@x.com', modifiedAt: T1 })], A);
    expect(first.duplicates.map((d) => d.ref.id)).toEqual(['l7']);
    const second = run([lead('l1', { deleted: true, mergedInto: 'l7', modifiedAt: T1 })], A);
    expect(shape(second.links)).toEqual([['pA', 'h1', 'l7', null, 'ann@x.com']]);
  });

  it('the master belongs to a Salesforce-only person: it merges into the person with the HubSpot contact', () => {
    const sfOnly = person('pS', { salesforceContactId: 'c7', email: 'ann.b@x.com' });
    const withContact = person('pA', { hubspotId: 'h1', salesforceContactId: 'c1', email: 'ann@x.com' });
    const result = run([contact('c1', { deleted: true, mergedInto: 'c7' })], withContact, sfOnly);
    expect(shape(result.links)).toEqual([['pA', 'h1', null, 'c7', 'ann@x.com']]);
    expect(result.merged).toEqual([{ from: 'pS', into: 'pA' }]);
    expect(result.unlinked).toEqual(['pS']);
  });

  it('the master belongs to a person with another HubSpot contact: kept apart, the loser tombstoned, reported', () => {
    const other = person('pO', { hubspotId: 'h5', salesforceLeadId: 'l7', email: 'ann.b@x.com' });
    const result = run([lead('l1', { deleted: true, mergedInto: 'l7' })], A, other);
    expect(shape(result.links)).toEqual([['pA', 'h1', null, null, 'ann@x.com']]);
    expect(result.detached).toEqual([
      { personId: 'pA', ref: { crm: 'salesforce', object: 'lead', id: 'l1' } },
    ]);
    expect(result.ambiguities.map((a) => a.kind)).toEqual(['merged-into-another-person']);
  });

  it('a plain deletion (no MasterRecordId) is still a deletion', () => {
    const result = run([lead('l1', { deleted: true })], A);
    expect(shape(result.links)).toEqual([['pA', 'h1', null, null, 'ann@x.com']]);
    expect(result.detached).toEqual([
      { personId: 'pA', ref: { crm: 'salesforce', object: 'lead', id: 'l1' } },
    ]);
  });

  it('the result does not depend on the order the records arrive in', () => {
    const records = [
      lead('l7', { email: 'ann@x.com', modifiedAt: T1 }),
      lead('l1', { deleted: true, mergedInto: 'l7', modifiedAt: T1 }),
      hs('h1', { email: 'ann@x.com', modifiedAt: T2 }),
    ];
    const forward = run(records, A);
    const backward = run([...records].reverse(), A);
    expect(shape(backward.links)).toEqual(shape(forward.links));
    expect(shape(forward.links)).toEqual([['pA', 'h1', 'l7', null, 'ann@x.com']]);
  });
});
