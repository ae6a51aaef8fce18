/**
 * The further scoring models' field names, checked against the whole config: they depend on
 * `fields.prefix`, must fit Salesforce's name limit, and must not be a field leadloop already owns (a model
 * named `profile` would write `leadloop_profile_score`, the primary's profile score).
 */
import type { z } from 'zod';
import { CrmName } from '../domain/crm.ts';
import {
  modelFieldNames,
  SALESFORCE_FIELD_LABEL_MAX,
  SALESFORCE_FIELD_NAME_MAX,
} from '../mapping/model-fields.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../mapping/own-fields.ts';
import type { SecondaryModels } from '../scoring/models-schema.ts';
import { glossaryModelFieldSpecs } from '../terminology/own-field-specs.ts';
import type { TerminologyConfig } from '../terminology/schema.ts';

interface Checked {
  readonly scoring: { readonly models?: SecondaryModels };
  readonly fields: { readonly prefix: string };
  readonly terminology: Pick<TerminologyConfig, 'fields'>;
}

const SF_SUFFIX = '__c';

export function checkModelFields(config: Checked, ctx: z.core.$RefinementCtx): void {
  const models = Object.keys(config.scoring.models ?? {});
  if (models.length === 0) return;
  const prefix = config.fields.prefix;
  // One problem per model and cause: a name that collides in HubSpot collides in Salesforce too.
  const reported = new Set<string>();
  const report = (model: string, cause: string, message: string): void => {
    if (reported.has(`${model}:${cause}`)) return;
    reported.add(`${model}:${cause}`);
    ctx.addIssue({ code: 'custom', path: ['scoring', 'models', model], message });
  };
  for (const crm of CrmName.options) {
    // Salesforce API names are case-insensitive: `Leadloop_A_Score__c` and `leadloop_a_score__c` collide.
    const fold = (name: string): string => (crm === 'salesforce' ? name.toLowerCase() : name);
    const owners = new Map<string, string>();
    for (const key of OWN_FIELD_KEYS)
      owners.set(fold(ownFieldName(crm, key, prefix)), `the primary model's "${key}" field`);
    for (const { model, key, name } of modelFieldNames(crm, models, prefix)) {
      const owner = owners.get(fold(name));
      if (owner !== undefined) {
        report(model, owner, `its field ${name} would be ${owner}: choose another model name`);
        continue;
      }
      owners.set(fold(name), `model "${model}"'s "${key}" field`);
      const bare = name.endsWith(SF_SUFFIX) ? name.slice(0, -SF_SUFFIX.length) : name;
      if (crm === 'salesforce' && bare.length > SALESFORCE_FIELD_NAME_MAX)
        report(
          model,
          'length',
          `its Salesforce field ${name} is ${bare.length} characters before ${SF_SUFFIX}, above Salesforce's ` +
            `${SALESFORCE_FIELD_NAME_MAX}: shorten the model name by ${bare.length - SALESFORCE_FIELD_NAME_MAX}`,
        );
    }
  }
  // Salesforce limits a field label to 40 characters too; a glossary label plus the model name can pass it.
  for (const model of models) {
    const specs = glossaryModelFieldSpecs('salesforce', 'Lead', config.terminology, model, { prefix });
    for (const spec of Object.values(specs))
      if (spec.label.length > SALESFORCE_FIELD_LABEL_MAX)
        report(
          model,
          `label:${spec.name}`,
          `the Salesforce label "${spec.label}" of ${spec.name} is ${spec.label.length} characters, above ` +
            `Salesforce's ${SALESFORCE_FIELD_LABEL_MAX}: shorten the model name or the glossary label`,
        );
  }
}
