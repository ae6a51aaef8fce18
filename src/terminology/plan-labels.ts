/**
 * The label plan (pure): what both CRMs show versus what the organisation's glossary says. Own fields
 * that are missing are created with the glossary's labels; labels that differ are renamed; what an API
 * cannot change, and glossary entries for picklist values that do not exist (a value change that would
 * orphan stored values), are reported, never applied. Applying the plan and planning again gives no
 * actionable item.
 */
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldDescriptor, FieldSpec } from '../domain/field.ts';
import { glossaryOwnFieldList } from './own-field-specs.ts';
import type { TerminologyConfig } from './schema.ts';

export const PLAN_ITEM_KINDS = [
  'create-field',
  'field-label',
  'option-label',
  'not-editable',
  'value-migration',
] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

export interface PlanItem {
  readonly crm: CrmName;
  readonly kind: PlanItemKind;
  /** CRM object API name (`contacts`, `Lead`, `Contact`). */
  readonly object: string;
  /** Field API name. */
  readonly field: string;
  /** Set when the item is about one picklist option (its API value, which never changes). */
  readonly optionValue?: string;
  /** Current label; null when the field or option does not exist. */
  readonly from: string | null;
  /** The glossary's label. */
  readonly to: string;
  /** Records holding the value, for `value-migration` items when the caller could count them. */
  readonly recordCount?: number;
  /** Why the item is in the plan, in words an admin reads. */
  readonly reason: string;
  /** For `create-field`: the field to provision, labelled from the glossary. */
  readonly spec?: FieldSpec;
}

/** Per CRM, ordered by object, field and option. */
export type LabelPlan = Readonly<Record<CrmName, readonly PlanItem[]>>;

export interface DescribedObject {
  readonly object: PersonObject;
  /** The CRM's API name for it (`contacts`, `Lead`, `Contact`). */
  readonly apiName: string;
  readonly fields: readonly FieldDescriptor[];
}

export interface LabelPlanInput {
  readonly terminology: TerminologyConfig;
  /** `fields.prefix`: names leadloop's own fields. */
  readonly prefix: string;
  /** `fields.explanationLength`: the explanation field's length when it is created. */
  readonly explanationLength?: number;
  /** Names of the further scoring models (`scoring.models`): their fields are leadloop's too. */
  readonly models?: readonly string[];
  /** `describe()` of every person object, per CRM. */
  readonly described: Readonly<Record<CrmName, readonly DescribedObject[]>>;
  /** Records holding a picklist value, keyed by `valueKey(...)`; optional (counting costs API calls). */
  readonly recordCounts?: ReadonlyMap<string, number>;
}

/** Kinds a plan applies; the others are reports. */
export const ACTIONABLE_KINDS: readonly PlanItemKind[] = ['create-field', 'field-label', 'option-label'];
/** Label drift: labels that differ from the glossary on fields that exist. */
export const DRIFT_KINDS: readonly PlanItemKind[] = ['field-label', 'option-label'];

export const valueKey = (crm: CrmName, object: string, field: string, value: string): string =>
  `${crm}:${object}:${field}:${value}`;

const CRM_WORD: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

function ownItems(crm: CrmName, described: DescribedObject, input: LabelPlanInput): PlanItem[] {
  const { terminology } = input;
  const entries = glossaryOwnFieldList(crm, described.apiName, terminology, input.models ?? [], {
    prefix: input.prefix,
    ...(input.explanationLength === undefined ? {} : { explanationLength: input.explanationLength }),
  });
  const byName = new Map(described.fields.map((f) => [f.name, f]));
  const items: PlanItem[] = [];
  for (const { key, model, spec } of entries) {
    const label = spec.label;
    const field = byName.get(spec.name);
    const at = { crm, object: described.apiName, field: spec.name };
    const named = model === undefined ? `"${key}"` : `"${key}" of scoring model "${model}"`;
    if (!field) {
      items.push({
        ...at,
        kind: 'create-field',
        from: null,
        to: label,
        reason: `leadloop field ${named} is missing`,
        spec,
      });
      continue;
    }
    items.push(...fieldLabelItems(field, label, `glossary label of leadloop field ${named}`));
    if (key === 'stage') {
      for (const [value, wanted] of Object.entries(terminology.stages)) {
        items.push(...optionItems(crm, field, value, wanted, 'glossary label of stage', input.recordCounts));
      }
    }
  }
  return items;
}

function fieldLabelItems(field: FieldDescriptor, wanted: string, why: string): PlanItem[] {
  if (field.label === wanted) return [];
  const at = { crm: field.crm, object: field.object, field: field.name, from: field.label, to: wanted };
  if (!field.labelEditable) {
    return [
      {
        ...at,
        kind: 'not-editable',
        reason: `${why}: ${CRM_WORD[field.crm]} does not let an API rename this standard field's label (rename it in the CRM's setup)`,
      },
    ];
  }
  return [{ ...at, kind: 'field-label', reason: why }];
}

function optionItems(
  crm: CrmName,
  field: FieldDescriptor,
  value: string,
  wanted: string,
  why: string,
  counts: ReadonlyMap<string, number> | undefined,
): PlanItem[] {
  const at = { crm, object: field.object, field: field.name, optionValue: value, to: wanted };
  const option = field.options.find((o) => o.value === value);
  if (!option) {
    const recordCount = counts?.get(valueKey(crm, field.object, field.name, value));
    return [
      {
        ...at,
        kind: 'value-migration',
        from: null,
        ...(recordCount === undefined ? {} : { recordCount }),
        reason: `${why}: "${value}" is not a value of this picklist; renaming values would orphan stored values, so changing the value set needs a data migration`,
      },
    ];
  }
  if (option.label === wanted) return [];
  if (!(field.optionLabelsEditable ?? field.labelEditable)) {
    return [
      {
        ...at,
        kind: 'not-editable',
        from: option.label,
        reason: `${why}: ${CRM_WORD[crm]} does not let an API rename this field's option labels`,
      },
    ];
  }
  return [{ ...at, kind: 'option-label', from: option.label, reason: why }];
}

function missingField(crm: CrmName, object: string, field: string, to: string, what: string): PlanItem {
  return {
    crm,
    kind: 'not-editable',
    object,
    field,
    from: null,
    to,
    reason: `${what}: no such ${CRM_WORD[crm]} field on ${object}`,
  };
}

/** The described object a glossary entry names: by API name (`contacts`, `Lead`) or neutral name (`lead`). */
const findObject = (objects: readonly DescribedObject[], name: string): DescribedObject | undefined =>
  objects.find((o) => o.apiName === name) ?? objects.find((o) => o.object === name);

function glossaryItems(crm: CrmName, input: LabelPlanInput): PlanItem[] {
  const objects = input.described[crm];
  const items: PlanItem[] = [];
  for (const [objectName, labels] of Object.entries(input.terminology.mappedFields[crm])) {
    const described = findObject(objects, objectName);
    for (const [name, wanted] of Object.entries(labels)) {
      const field = described?.fields.find((f) => f.name === name);
      items.push(
        ...(field
          ? fieldLabelItems(field, wanted, 'glossary label of a mapped field')
          : [
              missingField(
                crm,
                described?.apiName ?? objectName,
                name,
                wanted,
                'glossary label of a mapped field',
              ),
            ]),
      );
    }
  }
  for (const [objectName, fields] of Object.entries(input.terminology.picklists[crm])) {
    const described = findObject(objects, objectName);
    for (const [name, options] of Object.entries(fields)) {
      const field = described?.fields.find((f) => f.name === name);
      for (const [value, wanted] of Object.entries(options)) {
        if (!field) {
          items.push({
            ...missingField(crm, described?.apiName ?? objectName, name, wanted, 'glossary option label'),
            optionValue: value,
          });
        } else if (field.type !== 'picklist' && field.type !== 'multipicklist') {
          items.push({
            crm,
            kind: 'not-editable',
            object: field.object,
            field: name,
            optionValue: value,
            from: null,
            to: wanted,
            reason: `glossary option label: ${name} is a ${field.type} field, not a picklist`,
          });
        } else {
          items.push(...optionItems(crm, field, value, wanted, 'glossary option label', input.recordCounts));
        }
      }
    }
  }
  return items;
}

const order = (a: PlanItem, b: PlanItem): number =>
  a.object.localeCompare(b.object) ||
  a.field.localeCompare(b.field) ||
  (a.optionValue ?? '').localeCompare(b.optionValue ?? '');

export function planLabels(input: LabelPlanInput): LabelPlan {
  const plan = (crm: CrmName): PlanItem[] =>
    [...input.described[crm].flatMap((d) => ownItems(crm, d, input)), ...glossaryItems(crm, input)].sort(
      order,
    );
  return { hubspot: plan('hubspot'), salesforce: plan('salesforce') };
}

/** Every item of the plan, HubSpot first. */
export const planItems = (plan: LabelPlan): PlanItem[] => [...plan.hubspot, ...plan.salesforce];

/** Items of the given kinds only (e.g. `ACTIONABLE_KINDS`, `DRIFT_KINDS`). */
export function itemsOfKinds(plan: LabelPlan, kinds: readonly PlanItemKind[]): PlanItem[] {
  return planItems(plan).filter((i) => kinds.includes(i.kind));
}
