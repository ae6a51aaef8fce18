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
