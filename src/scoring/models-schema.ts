/**
 * Further named scoring models (`scoring.models.<name>`), e.g. one per product line or region. The model
 * written directly under `scoring:` is the primary one: it drives stages and hand-off and keeps today's
 * field names, so a one-model config is a several-model config without `models:`, and adding a model
 * never renames or moves the primary's fields. The others are scores only, written to their own fields
 * (`leadloop_<name>_score`, `Leadloop_<Name>_Score__c`).
 */
import { z } from 'zod';
import { ScoringConfig } from './schema.ts';

/**
 * Lower-case letters and digits, starting with a letter: HubSpot property names are lower-case, and with
 * no underscore of its own the name can never make Salesforce's `__` (reserved for `__c` and namespaces).
 */
const MODEL_NAME_RULE =
  'lower-case letters and digits, starting with a letter (it becomes part of CRM field names: leadloop_<name>_score)';
export const ModelName = z.string().regex(/^[a-z][a-z0-9]*$/, MODEL_NAME_RULE);

/** One further model: a full scoring model, except that only the primary's stage override means anything. */
const SecondaryModel = ScoringConfig.superRefine((model, ctx) => {
  if (model.override.stageField !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['override', 'stageField'],
      message: 'stages follow the primary model (the one under `scoring:`): move `stageField` there',
    });
});

export const SecondaryModels = z.record(ModelName, SecondaryModel, {
  // zod reports a bad record key as "Invalid key in record"; say what a name must be.
  error: (issue) => (issue.code === 'invalid_key' ? `a model name is ${MODEL_NAME_RULE}` : undefined),
});
export type SecondaryModels = z.infer<typeof SecondaryModels>;

export interface NamedModel {
  readonly name: string;
  readonly config: ScoringConfig;
}

/** The further models of a scoring config, in config order (none for a one-model config). */
export function secondaryModels(scoring: { readonly models?: SecondaryModels }): NamedModel[] {
  return Object.entries(scoring.models ?? {}).map(([name, config]) => ({ name, config }));
}

/** The further models' versions as one text (empty without any): a change rescores everyone. */
export function furtherModelVersions(scoring: { readonly models?: SecondaryModels }): string {
  return secondaryModels(scoring)
    .map((m) => `${m.name}=${m.config.modelVersion}`)
    .join(' ');
}
