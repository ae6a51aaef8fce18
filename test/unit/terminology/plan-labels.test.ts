import { describe, expect, it } from 'vitest';
import type { FieldDescriptor } from '../../../src/domain/field.ts';
import { ownFieldSpecs } from '../../../src/mapping/own-fields.ts';
import { TerminologyConfig } from '../../../src/terminology/schema.ts';
import {
  ACTIONABLE_KINDS,
  itemsOfKinds,
  planLabels,
  valueKey,
  type DescribedObject,
  type LabelPlan,
  type LabelPlanInput,
} from '../../../src/terminology/plan-labels.ts';

/** A descriptor as a connector's `describe()` reports it. */
function field(
  over: Partial<FieldDescriptor> & Pick<FieldDescriptor, 'crm' | 'object' | 'name' | 'label'>,
): FieldDescriptor {
  return {
    type: 'string',
    length: null,
    options: [],
    writable: true,
    custom: true,
    labelEditable: true,
    ...over,
  };
}

/** The own fields as provisioned (default labels), so only the glossary's differences show. */
function provisioned(crm: 'hubspot' | 'salesforce', apiName: string): FieldDescriptor[] {
  return Object.values(ownFieldSpecs(crm, apiName)).map((s) =>
    field({ crm, object: apiName, name: s.name, label: s.label, type: s.type, options: s.options ?? [] }),
  );
}

const leadStatus = field({
  crm: 'salesforce',
  object: 'Lead',
  name: 'Status',
  label: 'Lead Status',
  type: 'picklist',
  custom: false,
  labelEditable: false,
  optionLabelsEditable: true,
  options: [
    { value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true },
    { value: 'Working - Contacted', label: 'Working - Contacted', active: true },
  ],
});
const hsLeadStatus = field({
  crm: 'hubspot',
  object: 'contacts',
  name: 'hs_lead_status',
  label: 'Lead Status',
  type: 'picklist',
  custom: false,
  labelEditable: false,
  options: [{ value: 'NEW', label: 'New', active: true }],
});

function described(
  over: { hubspot?: FieldDescriptor[]; lead?: FieldDescriptor[]; contact?: FieldDescriptor[] } = {},
): LabelPlanInput['described'] {
  const hubspot: DescribedObject[] = [
    {
      object: 'contact',
      apiName: 'contacts',
      fields: over.hubspot ?? [...provisioned('hubspot', 'contacts'), hsLeadStatus],
    },
  ];
  const salesforce: DescribedObject[] = [
    { object: 'contact', apiName: 'Contact', fields: over.contact ?? provisioned('salesforce', 'Contact') },
    {
      object: 'lead',
      apiName: 'Lead',
      fields: over.lead ?? [...provisioned('salesforce', 'Lead'), leadStatus],
    },
  ];
  return { hubspot, salesforce };
}

const glossary = (raw: unknown): TerminologyConfig => TerminologyConfig.parse(raw);
const input = (
  terminology: unknown,
  d = described(),
  extra: Partial<LabelPlanInput> = {},
): LabelPlanInput => ({
  terminology: glossary(terminology),
  prefix: 'leadloop',
  described: d,
  ...extra,
});
const brief = (plan: LabelPlan) =>
  [...plan.hubspot, ...plan.salesforce].map((i) => [
    i.crm,
    i.kind,
    `${i.object}.${i.field}`,
    i.optionValue ?? null,
    i.from,
    i.to,
  ]);

describe('planLabels', () => {
  it('is empty when every label matches the glossary', () => {
    expect(brief(planLabels(input({})))).toEqual([]);
  });

  it('creates missing own fields with glossary labels and stage option labels', () => {
    const plan = planLabels(
      input(
        { fields: { stage: 'Lead Stage' }, stages: { MQL: 'Sales-Ready Lead' } },
        described({ hubspot: [] }),
      ),
    );
    expect(plan.salesforce.map((i) => i.kind)).not.toContain('create-field');
    expect(plan.hubspot).toHaveLength(Object.keys(ownFieldSpecs('hubspot', 'contacts')).length);
    expect(plan.hubspot.every((i) => i.kind === 'create-field' && i.from === null)).toBe(true);
    const stage = plan.hubspot.find((i) => i.field === 'leadloop_stage');
    expect(stage?.to).toBe('Lead Stage');
    expect(stage?.spec?.label).toBe('Lead Stage');
    expect(stage?.spec?.type).toBe('picklist');
    expect(stage?.spec?.options?.find((o) => o.value === 'MQL')?.label).toBe('Sales-Ready Lead');
    expect(stage?.spec?.options?.find((o) => o.value === 'SAL')?.label).toBe('SAL');
    // Fields without a glossary entry keep ownFieldSpecs' default label.
    expect(plan.hubspot.find((i) => i.field === 'leadloop_model_version')?.to).toBe('Leadloop Model Version');
  });

  it('renames own field labels and stage option labels that differ, on every object', () => {
    const plan = planLabels(input({ fields: { score: 'Lead Score' }, stages: { MQL: 'Sales-Ready Lead' } }));
    expect(brief(plan)).toEqual([
      ['hubspot', 'field-label', 'contacts.leadloop_score', null, 'Leadloop Score', 'Lead Score'],
      ['hubspot', 'option-label', 'contacts.leadloop_stage', 'MQL', 'MQL', 'Sales-Ready Lead'],
      ['salesforce', 'field-label', 'Contact.Leadloop_Score__c', null, 'Leadloop Score', 'Lead Score'],
      ['salesforce', 'option-label', 'Contact.Leadloop_Stage__c', 'MQL', 'MQL', 'Sales-Ready Lead'],
      ['salesforce', 'field-label', 'Lead.Leadloop_Score__c', null, 'Leadloop Score', 'Lead Score'],
      ['salesforce', 'option-label', 'Lead.Leadloop_Stage__c', 'MQL', 'MQL', 'Sales-Ready Lead'],
    ]);
  });

  it('relabels picklist options of a standard value set, keeping the API value', () => {
    const plan = planLabels(
      input({
        picklists: { salesforce: { Lead: { Status: { 'Working - Contacted': 'Accepted - Working' } } } },
      }),
    );
    expect(brief(plan)).toEqual([
      [
        'salesforce',
        'option-label',
        'Lead.Status',
        'Working - Contacted',
        'Working - Contacted',
        'Accepted - Working',
      ],
    ]);
  });

  it('reports standard labels an API cannot change as not-editable', () => {
    const plan = planLabels(
      input({
        mappedFields: { salesforce: { Lead: { Status: 'Status of Lead' } } },
        picklists: { hubspot: { contacts: { hs_lead_status: { NEW: 'Brand New' } } } },
      }),
    );
    expect(brief(plan)).toEqual([
      ['hubspot', 'not-editable', 'contacts.hs_lead_status', 'NEW', 'New', 'Brand New'],
      ['salesforce', 'not-editable', 'Lead.Status', null, 'Lead Status', 'Status of Lead'],
    ]);
    expect(plan.salesforce[0]?.reason).toMatch(/does not let an API rename/);
  });

  it('relabels mapped custom fields, found by object API name or neutral name', () => {
    const hubspot = [
      ...provisioned('hubspot', 'contacts'),
      field({ crm: 'hubspot', object: 'contacts', name: 'persona', label: 'Persona' }),
    ];
    const plan = planLabels(
      input({ mappedFields: { hubspot: { contact: { persona: 'Buyer Persona' } } } }, described({ hubspot })),
    );
    expect(brief(plan)).toEqual([
      ['hubspot', 'field-label', 'contacts.persona', null, 'Persona', 'Buyer Persona'],
    ]);
  });

  it('reports glossary entries for fields that do not exist or are not picklists', () => {
    const plan = planLabels(
      input({
        mappedFields: { hubspot: { contacts: { nope: 'Nope' } } },
        picklists: { salesforce: { Lead: { Leadloop_Score__c: { x: 'X' } } } },
      }),
    );
    expect(brief(plan)).toEqual([
      ['hubspot', 'not-editable', 'contacts.nope', null, null, 'Nope'],
      ['salesforce', 'not-editable', 'Lead.Leadloop_Score__c', 'x', null, 'X'],
    ]);
    expect(plan.hubspot[0]?.reason).toMatch(/no such HubSpot field/);
    expect(plan.salesforce[0]?.reason).toMatch(/not a picklist/);
  });

  it('reports a glossary value that is not an option as a value migration, with a record count when given', () => {
    const terminology = {
      picklists: { salesforce: { Lead: { Status: { Working: 'Accepted - Working' } } } },
    };
    const counted = planLabels(
      input(terminology, described(), {
        recordCounts: new Map([[valueKey('salesforce', 'Lead', 'Status', 'Working'), 12]]),
      }),
    );
    expect(counted.salesforce).toEqual([
      expect.objectContaining({
        kind: 'value-migration',
        object: 'Lead',
        field: 'Status',
        optionValue: 'Working',
        from: null,
        recordCount: 12,
      }),
    ]);
    expect(counted.salesforce[0]?.reason).toMatch(/orphan stored values/);
    const uncounted = planLabels(input(terminology));
    expect(uncounted.salesforce[0]).not.toHaveProperty('recordCount');
  });

  it('names own fields with the configured prefix', () => {
    const plan = planLabels({
      ...input({}, described({ hubspot: [], lead: [], contact: [] })),
      prefix: 'acme',
    });
    expect(plan.hubspot.map((i) => i.field)).toContain('acme_score');
    expect(plan.salesforce.map((i) => i.field)).toContain('Acme_Score__c');
  });

  it('is empty of actionable items once the plan is applied (fixture CRMs updated as the connectors would)', () => {
    const terminology = {
      fields: { grade: 'Lead Rank' },
      stages: { SQL: 'Sales Qualified' },
      picklists: { salesforce: { Lead: { Status: { 'Working - Contacted': 'Accepted - Working' } } } },
    };
    const start = described({ hubspot: [] });
    const first = planLabels(input(terminology, start));
    expect(itemsOfKinds(first, ACTIONABLE_KINDS).length).toBeGreaterThan(0);
    const after = applyToFixture(start, first);
    expect(brief(planLabels(input(terminology, after)))).toEqual([]);
  });
});

/** What the CRMs hold after the connectors applied a plan: created specs, renamed labels. */
function applyToFixture(before: LabelPlanInput['described'], plan: LabelPlan): LabelPlanInput['described'] {
  const apply = (crm: 'hubspot' | 'salesforce', d: DescribedObject): DescribedObject => {
    const items = plan[crm].filter((i) => i.object === d.apiName);
    const created = items.flatMap((i) =>
      i.kind === 'create-field' && i.spec
        ? [
            field({
              crm,
              object: d.apiName,
              name: i.spec.name,
              label: i.spec.label,
              type: i.spec.type,
              options: i.spec.options ?? [],
            }),
          ]
        : [],
    );
    const fields = [...d.fields, ...created].map((f) => {
      const label = items.find((i) => i.kind === 'field-label' && i.field === f.name)?.to ?? f.label;
      const options = f.options.map((o) => ({
        ...o,
        label:
          items.find((i) => i.kind === 'option-label' && i.field === f.name && i.optionValue === o.value)
            ?.to ?? o.label,
      }));
      return { ...f, label, options };
    });
    return { ...d, fields };
  };
  return {
    hubspot: before.hubspot.map((d) => apply('hubspot', d)),
    salesforce: before.salesforce.map((d) => apply('salesforce', d)),
  };
}
