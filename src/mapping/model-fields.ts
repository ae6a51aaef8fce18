/**
 * The fields of a further (non-primary) scoring model, `scoring.models.<name>`: the score set of the
 * primary's own fields (score, profile and engagement scores, grade, level, cell, explanation, model
 * version), named with the model: HubSpot `leadloop_emea_score`, Salesforce `Leadloop_Emea_Score__c`.
 * Stage, stage dates, SLA, recycle count and the linked id belong to the primary model alone.
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldSpec } from '../domain/field.ts';
import {
  DEFAULT_PREFIX,
  ownFieldName,
  ownFieldSpecs,
  type OwnFieldKey,
  type OwnFieldOptions,
} from './own-fields.ts';

export const MODEL_FIELD_KEYS = [
  'score',
  'profileScore',
  'engagementScore',
  'grade',
  'level',
  'cell',
  'explanation',
  'modelVersion',
] as const satisfies readonly OwnFieldKey[];
export type ModelFieldKey = (typeof MODEL_FIELD_KEYS)[number];

/** Salesforce's limit on a custom field's API name (before `__c`), and on its label. */
export const SALESFORCE_FIELD_NAME_MAX = 40;
export const SALESFORCE_FIELD_LABEL_MAX = 40;

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The API name of one of a model's fields. Built from the primary's name for the key: the model name goes
 * after the prefix (`leadloop_score` → `leadloop_emea_score`, `Leadloop_Score__c` → `Leadloop_Emea_Score__c`).
 */
export function modelFieldName(
  crm: CrmName,
  model: string,
  key: ModelFieldKey | OwnFieldKey,
  prefix: string = DEFAULT_PREFIX,
): string {
  const primary = ownFieldName(crm, key, prefix);
  const head = crm === 'hubspot' ? `${prefix}_` : `${capitalised(prefix)}_`;
  const tail = primary.slice(head.length);
  return crm === 'hubspot' ? `${head}${model}_${tail}` : `${head}${capitalised(model)}_${tail}`;
}

/** A model's fields on one object, keyed by field key; labelled `Leadloop Emea Score`. */
export function modelFieldSpecs(
  crm: CrmName,
  objectApiName: string,
  model: string,
  options: OwnFieldOptions = {},
): Record<ModelFieldKey, FieldSpec> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const brand = capitalised(prefix);
  const primary = ownFieldSpecs(crm, objectApiName, options);
  const specs = {} as Record<ModelFieldKey, FieldSpec>;
  for (const key of MODEL_FIELD_KEYS) {
    const base = primary[key];
    specs[key] = {
      ...base,
      name: modelFieldName(crm, model, key, prefix),
      label: `${brand} ${capitalised(model)} ${base.label.slice(brand.length + 1)}`,
      description: `${base.description} Scoring model "${model}".`,
    };
  }
  return specs;
}

/** Every field name a config's models use in one CRM, with the model and key that own it. */
export function modelFieldNames(
  crm: CrmName,
  models: readonly string[],
  prefix: string = DEFAULT_PREFIX,
): { model: string; key: ModelFieldKey; name: string }[] {
  return models.flatMap((model) =>
    MODEL_FIELD_KEYS.map((key) => ({ model, key, name: modelFieldName(crm, model, key, prefix) })),
  );
}
