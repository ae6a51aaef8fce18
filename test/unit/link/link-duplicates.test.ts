import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import {
  liveDuplicates,
  mergeDuplicates,
  placeSalesforce,
  rankSalesforce,
  type SalesforceCandidate,
} from '../../../src/link/link-duplicates.ts';
import { linkRecords } from '../../../src/link/link.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { NOW, T0, T1, T2, contact, counter, existing, hs, lead, none, person } from './fixtures.ts';
import type { RecordRef } from '../../../src/domain/person-link.ts';

const run = (records: PersonRecord[], ex = none()) =>
  linkRecords(records, ex, { now: NOW, newId: counter() });
const L = (id: string): RecordRef => ({ crm: 'salesforce', object: 'lead', id });
const C = (id: string): RecordRef => ({ crm: 'salesforce', object: 'contact', id });
const sides = (r: ReturnType<typeof run>) =>
  r.links.map((l) => [l.personId, l.hubspotId, l.salesforceLeadId, l.salesforceContactId]);

/** A person with a HubSpot contact and a Salesforce record, as the store holds them. */
const stored = (sf: RecordRef) =>
  existing(
    person('p7', {
      hubspotId: 'h1',
      email: 'ann@x.com',
      ...(sf.object === 'lead' ? { salesforceLeadId: sf.id } : { salesforceContactId: sf.id }),
    }),
  );

describe('linkRecords: one person per email (Salesforce duplicates)', () => {
  it('Lead + Lead: a second Lead with the email joins the person as a duplicate, no new person', () => {
    const result = run([lead('l2', { email: 'Ann@X.com', modifiedAt: T2 })], stored(L('l1')));
    expect(result.links).toEqual([]);
    expect(result.duplicates).toEqual([{ personId: 'p7', ref: L('l2'), email: 'ann@x.com' }]);
    expect(result.affectedPersonIds).toEqual(['p7']);
    expect(result.ambiguities).toEqual([]);
  });

  it('Lead + Contact: a Contact takes the place of the linked Lead, which becomes the duplicate', () => {
    const result = run([contact('c2', { email: 'ann@x.com' })], stored(L('l1')));
    expect(sides(result)).toEqual([['p7', 'h1', null, 'c2']]);
    expect(result.duplicates).toEqual([{ personId: 'p7', ref: L('l1'), email: 'ann@x.com' }]);
  });

  it('Contact + Lead: a Lead beside the Contact is a duplicate', () => {
    const result = run([lead('l2', { email: 'ann@x.com', modifiedAt: T2 })], stored(C('c1')));
    expect(result.links).toEqual([]);
    expect(result.duplicates).toEqual([{ personId: 'p7', ref: L('l2'), email: 'ann@x.com' }]);
  });

  it('Contact + Contact: the linked Contact keeps its place even when the other is newer', () => {
    const result = run([contact('c2', { email: 'ann@x.com', modifiedAt: T2 })], stored(C('c1')));
    expect(result.links).toEqual([]);
    expect(result.duplicates).toEqual([{ personId: 'p7', ref: C('c2'), email: 'ann@x.com' }]);
  });

  it('between new records the most recently modified is the primary, whatever the order', () => {
    const records = [
      hs('h1', { email: 'ann@x.com' }),
      lead('l1', { email: 'ann@x.com', modifiedAt: T0 }),
      lead('l2', { email: 'ANN@x.com', modifiedAt: T2 }),
      lead('l3', { email: 'ann@x.com', modifiedAt: T1 }),
    ];
    for (const batch of [records, [...records].reverse()]) {
      const result = run(batch);
      expect(sides(result)).toEqual([['p1', 'h1', 'l2', null]]);
      expect(result.duplicates.map((d) => d.ref.id)).toEqual(['l1', 'l3']);
    }
  });

  it('a stored id names the primary: the Lead the HubSpot contact points at keeps the place', () => {
    const result = run([
      hs('h1', { email: 'ann@x.com', fields: { leadloop_salesforce_id: 'l1' } }),
      lead('l1', { email: 'ann@x.com', modifiedAt: T0 }),
      lead('l2', { email: 'ann@x.com', modifiedAt: T2 }),
    ]);
    expect(sides(result)).toEqual([['p1', 'h1', 'l1', null]]);
    expect(result.duplicates.map((d) => d.ref.id)).toEqual(['l2']);
  });

  it('merges a Salesforce-only person left by older versions into the person with the HubSpot contact', () => {
    const ex = existing(
      person('p7', { hubspotId: 'h1', salesforceLeadId: 'l1', email: 'ann@x.com' }),
      person('p8', { salesforceLeadId: 'l2', email: 'ann@x.com' }),
    );
    const result = run([lead('l2', { email: 'Ann@x.com', modifiedAt: T2 })], ex);
    expect(result.unlinked).toEqual(['p8']);
    expect(result.merged).toEqual([{ from: 'p8', into: 'p7' }]);
    expect(result.duplicates).toEqual([{ personId: 'p7', ref: L('l2'), email: 'ann@x.com' }]);
    expect(result.affectedPersonIds).toEqual(['p7']);
  });

  it('keeps HubSpot records apart: a second HubSpot contact with the email is reported, not joined', () => {
    const result = run([hs('h2', { email: 'ann@x.com' })], stored(L('l1')));
    expect(result.duplicates).toEqual([]);
    expect(result.ambiguities).toMatchObject([{ kind: 'duplicate-email', personIds: ['p7'] }]);
  });

  it('a record with another email is no duplicate', () => {
    const result = run([lead('l2', { email: 'bob@x.com' })], stored(L('l1')));
    expect(result.duplicates).toEqual([]);
    expect(sides(result)).toEqual([['p1', null, 'l2', null]]);
  });
});

const cand = (ref: RecordRef, linked: boolean, modifiedAt: number): SalesforceCandidate => ({
  ref,
  linked,
  modifiedAt,
});

describe('rankSalesforce', () => {
  it.each([
    ['Contact over Lead', cand(L('l1'), true, 9), cand(C('c1'), false, 1), 'c1'],
    ['then the linked one', cand(L('l1'), false, 9), cand(L('l2'), true, 1), 'l2'],
    ['then the most recently modified', cand(C('c1'), false, 1), cand(C('c2'), false, 9), 'c2'],
    ['then the smaller id', cand(L('l2'), false, 5), cand(L('l1'), false, 5), 'l1'],
    ['unknown times count as oldest', cand(L('l1'), false, -Infinity), cand(L('l2'), false, 0), 'l2'],
  ])('%s', (_rule, a, b, first) => {
    expect(rankSalesforce([a, b])[0]?.ref.id).toBe(first);
    expect(rankSalesforce([b, a])[0]?.ref.id).toBe(first);
  });
});

describe('placeSalesforce', () => {
  const base = person('p1', { hubspotId: 'h1', salesforceLeadId: 'l1', email: 'a@x.com' });
  it('takes a free place', () => {
    const free = person('p1', { hubspotId: 'h1', email: 'a@x.com' });
    expect(placeSalesforce(free, cand(L('l2'), false, 0), null)).toEqual({
      link: { ...free, salesforceLeadId: 'l2' },
      duplicate: null,
    });
  });
  it('displaces a Lead with a Contact', () => {
    expect(placeSalesforce(base, cand(C('c1'), false, 0), cand(L('l1'), true, 0))).toEqual({
      link: { ...base, salesforceLeadId: null, salesforceContactId: 'c1' },
      duplicate: L('l1'),
    });
  });
  it('keeps the linked record and names the newcomer the duplicate', () => {
    expect(placeSalesforce(base, cand(L('l2'), false, 9), cand(L('l1'), true, 0))).toEqual({
      link: base,
      duplicate: L('l2'),
    });
  });
});

describe('liveDuplicates', () => {
  const link = person('p1', { hubspotId: 'h1', salesforceContactId: 'c1', email: 'ann@x.com' });
  const snap = (ref: RecordRef, fields: RecordSnapshot['fields']): RecordSnapshot => ({
    ...ref,
    fields,
    modifiedAt: T0,
    syncedAt: T0,
  });
  const snapshots = new Map(
    [
      snap(L('l1'), { Email: 'Ann@x.com' }),
      snap(L('l2'), { Email: 'someone.else@x.com' }),
      snap(L('l3'), { Email: 'ann@x.com', IsConverted: true }),
      snap(C('c1'), { Email: 'ann@x.com' }),
    ].map((s) => [`${s.crm}:${s.object}:${s.id}`, s]),
  );
  it('keeps only records that still share the email and are not the person’s own', () => {
    const refs = [L('l1'), L('l2'), L('l3'), C('c1'), L('gone'), L('l1')];
    expect(liveDuplicates(link, refs, snapshots).map((s) => s.id)).toEqual(['l1']);
  });
  it('merges lists without the person’s own records', () => {
    expect(mergeDuplicates(link, [L('l2'), C('c1')], [L('l1'), L('l2')])).toEqual([L('l1'), L('l2')]);
  });
});
