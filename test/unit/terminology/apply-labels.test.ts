import { describe, expect, it } from 'vitest';
import type { CrmConnector } from '../../../connectors/types.ts';
import type { FieldSpec, LabelChange } from '../../../src/domain/field.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { applyLabelPlan, failedResults } from '../../../src/terminology/apply-labels.ts';
import { formatApplyResults, formatPlan } from '../../../src/terminology/format-plan.ts';
import type { LabelPlan, PlanItem } from '../../../src/terminology/plan-labels.ts';

/** Only the two methods applying a plan uses; anything else is a test bug. */
function fakeConnector(crm: 'hubspot' | 'salesforce', behaviour: { throws?: Error } = {}) {
  const calls: { creates: FieldSpec[][]; labels: LabelChange[][] } = { creates: [], labels: [] };
  const unused = () => {
    throw new Error('not used by applyLabelPlan');
  };
  const connector: CrmConnector = {
    crm,
    objects: ['contact'],
    batchSizes: { write: 100, create: 100 },
    check: unused,
    account: unused,
    objectApiName: unused,
    describe: unused,
    pullChanges: unused,
    readRecords: unused,
    pullActivities: unused,
    pullOpportunities: unused,
    write: unused,
    create: unused,
    usage: unused,
    createFields: async (specs) => {
      calls.creates.push([...specs]);
      if (behaviour.throws) throw behaviour.throws;
      return specs.map((spec) => ({ spec, status: 'created' as const }));
    },
    updateLabels: async (changes) => {
      calls.labels.push([...changes]);
      if (behaviour.throws) throw behaviour.throws;
      return changes.map((change) => ({
        change,
        status: change.field === 'Std' ? ('not-editable' as const) : ('applied' as const),
      }));
    },
  };
  return { connector, calls };
}

const item = (
  crm: 'hubspot' | 'salesforce',
  kind: PlanItem['kind'],
  field: string,
  extra: Partial<PlanItem> = {},
): PlanItem => ({
  crm,
  kind,
  object: crm === 'hubspot' ? 'contacts' : 'Lead',
  field,
  from: 'Old',
  to: 'New',
  reason: 'test',
  ...extra,
});

describe('applyLabelPlan', () => {
  it('creates, relabels and passes reports through, one result per item in plan order', async () => {
    const spec: FieldSpec = {
      object: 'contacts',
      name: 'leadloop_score',
      label: 'Lead Score',
      type: 'number',
    };
    const plan: LabelPlan = {
      hubspot: [
        item('hubspot', 'create-field', 'leadloop_score', { from: null, spec }),
        item('hubspot', 'option-label', 'leadloop_stage', { optionValue: 'MQL' }),
        item('hubspot', 'not-editable', 'hs_lead_status'),
      ],
      salesforce: [
        item('salesforce', 'field-label', 'Std'),
        item('salesforce', 'value-migration', 'Status', { optionValue: 'X', from: null }),
      ],
    };
    const hs = fakeConnector('hubspot');
    const sf = fakeConnector('salesforce');
    const results = await applyLabelPlan({ hubspot: hs.connector, salesforce: sf.connector }, plan);
    expect(results.hubspot.map((r) => [r.item.field, r.status])).toEqual([
      ['leadloop_score', 'created'],
      ['leadloop_stage', 'applied'],
      ['hs_lead_status', 'reported'],
    ]);
    expect(results.salesforce.map((r) => [r.item.field, r.status])).toEqual([
      ['Std', 'not-editable'],
      ['Status', 'reported'],
    ]);
    expect(hs.calls.creates).toEqual([[spec]]);
    expect(hs.calls.labels).toEqual([
      [{ object: 'contacts', field: 'leadloop_stage', optionValue: 'MQL', from: 'Old', to: 'New' }],
    ]);
    expect(failedResults(results)).toEqual([]);
    expect(formatApplyResults(results)).toMatch(/1 created, 1 applied, 2 reported, 1 not-editable\.\n$/);
  });

  it('marks one CRM’s items failed when it fails as a whole, and still applies the other', async () => {
    const plan: LabelPlan = {
      hubspot: [item('hubspot', 'field-label', 'a')],
      salesforce: [item('salesforce', 'field-label', 'b__c')],
    };
    const results = await applyLabelPlan(
      {
        hubspot: fakeConnector('hubspot', { throws: new SyncError('auth', 'UNAUTHORIZED', 'token revoked') })
          .connector,
        salesforce: fakeConnector('salesforce').connector,
      },
      plan,
    );
    expect(results.hubspot).toEqual([
      expect.objectContaining({ status: 'failed', message: 'token revoked' }),
    ]);
    expect(results.salesforce).toEqual([expect.objectContaining({ status: 'applied' })]);
  });
});

describe('formatPlan', () => {
  it('prints object, API name and current → wanted per CRM, and the reason for reported items', () => {
    const text = formatPlan({
      hubspot: [],
      salesforce: [
        item('salesforce', 'option-label', 'Status', {
          optionValue: 'Working - Contacted',
          from: 'Working - Contacted',
          to: 'Accepted - Working',
        }),
        item('salesforce', 'value-migration', 'Status', {
          optionValue: 'Gone',
          from: null,
          recordCount: 4,
          reason: 'needs migration',
        }),
      ],
    });
    expect(text).toBe(
      [
        'HubSpot: labels match the glossary',
        'Salesforce: 2 item(s)',
        '  ~ option        Lead.Status["Working - Contacted"]  "Working - Contacted" → "Accepted - Working"',
        '  ? migration     Lead.Status["Gone"]  (none) → "New"',
        '      needs migration — 4 record(s) hold this value',
        '1 change(s) to apply, 1 reported (not applied).',
        '',
      ].join('\n'),
    );
  });
});
