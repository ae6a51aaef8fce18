import { describe, expect, it } from 'vitest';
import { recordsPerCrm, splitFullBatches } from '../../../../src/sync/chunk/full-batches.ts';
import type { PlannedCreate } from '../../../../src/sync/plan-creates.ts';
import { planPerson, type PersonPlan } from '../../../../src/sync/plan-person.ts';
import { contact, exampleConfig, hubspot, inputs, lead, NOW, planSettings, write } from '../fixtures.ts';

// Small calls keep the tables readable: HubSpot 2 records a call, Salesforce 3.
const SIZES = { hubspot: 2, salesforce: 3 } as const;
const base = planPerson(inputs({ personId: 'p' }), planSettings(exampleConfig()), NOW);

const handOff = (hubspotId: string): PlannedCreate => ({
  crm: 'salesforce',
  object: 'lead',
  externalIdField: 'Leadloop_HubSpot_Id__c',
  externalId: hubspotId,
  fields: { Email: `${hubspotId}@acme.example` },
  reason: 'hand-off: MQL',
});

/** A plan writing one score to each record named: `H` HubSpot contact, `L` Lead, `C` Contact, `+` a Lead create. */
function plan(n: number, records: string): PersonPlan {
  const writes = [...records].flatMap((r) => {
    if (r === 'H') return [write(hubspot(`h${n}`), 'leadloop_score', null, 50, 'score')];
    if (r === 'L') return [write(lead(`l${n}`), 'Leadloop_Score__c', null, 50, 'score')];
    if (r === 'C') return [write(contact(`c${n}`), 'Leadloop_Score__c', null, 50, 'score')];
    return [];
  });
  const creates = records.includes('+') ? [handOff(`h${n}`)] : [];
  return { ...base, personId: `p${n}`, writes, creates };
}

const plans = (...records: string[]): PersonPlan[] => records.map((r, i) => plan(i, r));
const never = (): boolean => false;

describe('recordsPerCrm', () => {
  it('counts each written record once, however many fields, and each create', () => {
    const p = plan(1, 'HLC+');
    const twoFields = {
      ...p,
      writes: [...p.writes, write(lead('l1'), 'Leadloop_Grade__c', null, 'B', 'score')],
    };
    expect(recordsPerCrm(twoFields)).toEqual(
      new Map([
        ['hubspot', 1],
        ['salesforce', 3],
      ]),
    );
    expect(recordsPerCrm(plan(2, ''))).toEqual(new Map());
  });
});

describe('splitFullBatches', () => {
  it.each<[string, PersonPlan[], number[], number[]]>([
    ['the records past the last whole call are held back', plans('L', 'L', 'L', 'L', 'L'), [0, 1, 2], [3, 4]],
    ['records that fill whole calls all go', plans('L', 'C', 'L', 'C', 'L', 'C'), [0, 1, 2, 3, 4, 5], []],
    ['less than one call: everyone waits', plans('H', 'L', 'L'), [], [0, 1, 2]],
    ['a plan without records goes (its state is saved now)', plans('', 'L', ''), [0, 2], [1]],
    ['creates count as records', plans('+', 'L', 'L', 'L'), [0, 1, 2], [3]],
    ['a person with several Salesforce records takes that many places', plans('LC', 'L', 'L'), [0, 1], [2]],
    // HubSpot: 3 records, room 2; Salesforce: 4, room 3. p4 would open a partial call in both.
    ['two CRMs: each CRM has its own room', plans('HL', 'H', 'L', 'C', 'HL'), [0, 1, 2, 3], [4]],
    // Salesforce has room for p2 (3 records, one call), HubSpot's one call is full with p0 and p1.
    ['two CRMs: held back when either CRM is full', plans('H', 'H', 'HL', 'L', 'L'), [0, 1, 3, 4], [2]],
  ])('%s', (_, given, now, later) => {
    expect(splitFullBatches(given, SIZES, never)).toEqual({ now, later });
  });

  it('keeps mustGo plans even in a partial call, and fills the call they open with others', () => {
    const given = plans('L', 'L', 'L', 'L', 'L');
    // One whole call (3) holds the mustGo p4 and two others; p2 and p3 wait.
    expect(splitFullBatches(given, SIZES, (p) => p.personId === 'p4')).toEqual({
      now: [0, 1, 4],
      later: [2, 3],
    });
    // Below one call, everyone would wait; the mustGo p1 opens a call anyway and p0 rides in it.
    expect(splitFullBatches(plans('L', 'L'), SIZES, never)).toEqual({ now: [], later: [0, 1] });
    expect(splitFullBatches(plans('L', 'L'), SIZES, (_, i) => i === 1)).toEqual({ now: [0, 1], later: [] });
    // mustGo records past one call open a second: 4 mustGo and 2 others fill two calls of 3.
    const many = plans('L', 'L', 'L', 'L', 'L', 'L', 'L');
    expect(splitFullBatches(many, SIZES, (_, i) => i >= 3)).toEqual({ now: [0, 1, 3, 4, 5, 6], later: [2] });
  });

  it('a mustGo plan in one CRM opens no room in the other', () => {
    // p0 must go with its HubSpot record; the Salesforce records still wait for a whole call.
    expect(splitFullBatches(plans('H', 'L', 'L'), SIZES, (_, i) => i === 0)).toEqual({
      now: [0],
      later: [1, 2],
    });
    // p1 (HubSpot) rides in the call p0 opened; its Lead-only neighbour does not.
    expect(splitFullBatches(plans('H', 'H', 'L'), SIZES, (_, i) => i === 0)).toEqual({
      now: [0, 1],
      later: [2],
    });
  });

  it('keeps every plan in the given order, each once', () => {
    const given = plans('HL', 'L', '', 'C+', 'H', 'HLC', 'L', 'H', '', 'L');
    const split = splitFullBatches(given, SIZES, (_, i) => i === 5);
    expect([...split.now, ...split.later].sort((a, b) => a - b)).toEqual(given.map((_, i) => i));
    expect(split.now).toEqual([...split.now].sort((a, b) => a - b));
    expect(split.later).toEqual([...split.later].sort((a, b) => a - b));
  });
});
