/**
 * leadloop's own fields as the organisation names them: the glossary's field labels and stage labels on
 * top of the built-in specs. One function for both places that create the fields (a sync's provisioning,
 * the labels plan), so a field is born with its glossary labels and the first drift check finds none.
 * Pure.
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldSpec } from '../domain/field.ts';
import {
  OWN_FIELD_KEYS,
  ownFieldSpecs,
  type OwnFieldKey,
  type OwnFieldOptions,
} from '../mapping/own-fields.ts';
import { MODEL_FIELD_KEYS, modelFieldSpecs, type ModelFieldKey } from '../mapping/model-fields.ts';
import type { TerminologyConfig } from './schema.ts';

export function glossaryOwnFieldSpecs(
  crm: CrmName,
  objectApiName: string,
  terminology: Pick<TerminologyConfig, 'fields' | 'stages'>,
  options: OwnFieldOptions = {},
): Record<OwnFieldKey, FieldSpec> {
  const specs = ownFieldSpecs(crm, objectApiName, options);
  const fieldLabels = terminology.fields as Partial<Record<OwnFieldKey, string>>;
  const stageLabels = new Map<string, string>(Object.entries(terminology.stages));
  const out = {} as Record<OwnFieldKey, FieldSpec>;
  for (const key of OWN_FIELD_KEYS) {
    const base = specs[key];
    const options =
      key === 'stage'
        ? base.options?.map((o) => ({ ...o, label: stageLabels.get(o.value) ?? o.label }))
        : base.options;
    out[key] = { ...base, label: fieldLabels[key] ?? base.label, ...(options ? { options } : {}) };
  }
  return out;
}

/**
 * A further scoring model's fields, labelled from the same glossary: a glossary label gets the model's
 * name after it (`Lead Score (Emea)`), the built-in one has it inside (`Leadloop Emea Score`).
 */
export function glossaryModelFieldSpecs(
  crm: CrmName,
  objectApiName: string,
  terminology: Pick<TerminologyConfig, 'fields'>,
  model: string,
  options: OwnFieldOptions = {},
): Record<ModelFieldKey, FieldSpec> {
  const specs = modelFieldSpecs(crm, objectApiName, model, options);
  const fieldLabels = terminology.fields as Partial<Record<OwnFieldKey, string>>;
  const shown = model.charAt(0).toUpperCase() + model.slice(1);
  const out = {} as Record<ModelFieldKey, FieldSpec>;
  for (const key of MODEL_FIELD_KEYS) {
    const glossary = fieldLabels[key];
    out[key] = glossary === undefined ? specs[key] : { ...specs[key], label: `${glossary} (${shown})` };
  }
  return out;
}

export interface OwnFieldEntry {
  readonly key: OwnFieldKey;
  /** The further scoring model the field belongs to; absent for the primary's (and the shared) fields. */
  readonly model?: string;
  readonly spec: FieldSpec;
}

/** Every field leadloop owns on one object: the primary's, then each further model's, in config order. */
export function glossaryOwnFieldList(
  crm: CrmName,
  objectApiName: string,
  terminology: Pick<TerminologyConfig, 'fields' | 'stages'>,
  models: readonly string[],
  options: OwnFieldOptions = {},
): OwnFieldEntry[] {
  const primary = glossaryOwnFieldSpecs(crm, objectApiName, terminology, options);
  const entries: OwnFieldEntry[] = OWN_FIELD_KEYS.map((key) => ({ key, spec: primary[key] }));
  for (const model of models) {
    const specs = glossaryModelFieldSpecs(crm, objectApiName, terminology, model, options);
    for (const key of MODEL_FIELD_KEYS) entries.push({ key, model, spec: specs[key] });
  }
  return entries;
}
