import { describe, expect, it } from 'vitest';
import type { PlannedCreate } from '../../../../src/sync/plan-creates.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { heldBackCounts, withheldKey, withholdFields } from '../../../../src/sync/plan/withhold-fields.ts';

const write = (id: string, field: string, object: 'lead' | 'contact' = 'lead'): PlannedWrite => ({
  crm: 'salesforce',
  object,
  id,
  field,
  from: null,
  to: 'x',
  reason: 'score',
});
const create = (fields: Record<string, string>): PlannedCreate => ({
  crm: 'salesforce',
  object: 'lead',
  externalIdField: 'Leadloop_HubSpot_Id__c',
  externalId: 'h1',
  fields,
  reason: 'handoff',
});
const hidden = new Set([withheldKey('salesforce', 'lead', 'Leadloop_Score__c')]);

describe('withholding fields the integration user cannot see', () => {
  it('drops writes and create values to a withheld field only on its object, keeps the rest', () => {
    const plan = {
      personId: 'p1',
      writes: [
        write('00Q1', 'Leadloop_Score__c'),
        write('00Q1', 'Leadloop_Grade__c'),
        write('0031', 'Leadloop_Score__c', 'contact'),
      ],
      creates: [create({ LastName: 'Doe', Leadloop_Score__c: '40' })],
    };
    const kept = withholdFields(plan, hidden);
    expect(kept.personId).toBe('p1');
    expect(kept.writes.map((w) => `${w.object}.${w.field}`)).toEqual([
      'lead.Leadloop_Grade__c',
      'contact.Leadloop_Score__c',
    ]);
    expect(kept.creates.map((c) => c.fields)).toEqual([{ LastName: 'Doe' }]);
    expect(withholdFields(plan, new Set())).toBe(plan);
  });

  it('counts, per withheld field, the writes and creates that would have carried a value', () => {
    const plans = [
      { writes: [write('00Q1', 'Leadloop_Score__c'), write('00Q1', 'Leadloop_Grade__c')], creates: [] },
      { writes: [write('00Q2', 'Leadloop_Score__c')], creates: [create({ Leadloop_Score__c: '1' })] },
      { writes: [write('0031', 'Leadloop_Score__c', 'contact')], creates: [] },
    ];
    expect([...heldBackCounts(plans, hidden)]).toEqual([['salesforce.lead.Leadloop_Score__c', 3]]);
    expect([...heldBackCounts(plans, new Set())]).toEqual([]);
  });
});
