/**
 * The fields each pull asks for: every field the model, the mappings, the stages and leadloop's own
 * fields read — and nothing else, so pages stay narrow (Salesforce shrinks query batches for wide rows).
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import { modelFieldNames } from '../mapping/model-fields.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../mapping/own-fields.ts';
import { secondaryModels } from '../scoring/models-schema.ts';
import type { Condition } from '../scoring/schema.ts';
import { personAccountCellField } from '../accounts/account-fields.ts';
import { personCompanyFields } from '../accounts/company-fields.ts';
import { WELL_KNOWN } from './crm-fields.ts';

function conditionFields(condition: Condition, out: Set<string>): void {
  if ('all' in condition) for (const c of condition.all) conditionFields(c, out);
  else if ('any' in condition) for (const c of condition.any) conditionFields(c, out);
  else out.add(condition.field);
}

/** HubSpot-named fields the scoring models (the primary and any further ones) read. */
export function scoringFields(config: LeadloopConfig): Set<string> {
  const out = new Set<string>();
  for (const model of [config.scoring, ...secondaryModels(config.scoring).map((m) => m.config)]) {
    for (const rule of model.profile.rules) {
      if (rule.when) conditionFields(rule.when, out);
      if (rule.field) out.add(rule.field);
    }
    for (const d of model.disqualify) conditionFields(d.when, out);
    for (const c of model.gradeCaps) conditionFields(c.when, out);
    const o = model.override;
    for (const f of [o.scoreField, o.gradeField, o.stageField]) if (f) out.add(f);
  }
  return out;
}

export function fieldsToPull(config: LeadloopConfig, crm: CrmName, object: PersonObject): string[] {
  const fields = new Set<string>();
  for (const key of OWN_FIELD_KEYS) fields.add(ownFieldName(crm, key, config.fields.prefix));
  // A further model's fields are read back like the primary's: the diff writes only what changed.
  const models = Object.keys(config.scoring.models ?? {});
  for (const f of modelFieldNames(crm, models, config.fields.prefix)) fields.add(f.name);
  for (const known of Object.values(WELL_KNOWN)) {
    if (known.crm === crm && (!('object' in known) || known.object === object)) fields.add(known.field);
  }
  if (crm === WELL_KNOWN.owner.crm && object === 'lead') for (const f of slaLeadFields(config)) fields.add(f);
  const scoring = scoringFields(config);
  for (const m of config.fieldMappings) {
    const field = crmFieldOf(m, crm, object);
    if (field !== undefined) fields.add(field);
  }
  // Scoring reads HubSpot names; on Salesforce they arrive through the mappings above.
  if (crm === 'hubspot') for (const f of scoring) fields.add(f);
  // Account scoring: which company a person belongs to, and the account cell held on the record.
  const account = config.scoring.account;
  if (account) for (const f of personCompanyFields(crm, object)) fields.add(f);
  if (account?.personField) fields.add(personAccountCellField(crm, config.fields.prefix));
  return [...fields].sort();
}

/** Lead fields the stages read besides the well-known ones: the rejection reason, escalation targets. */
function slaLeadFields(config: LeadloopConfig): string[] {
  const { stages } = config;
  const slas = [stages.sla, ...(stages.slaRules ?? []).map((r) => r.sla)];
  return [
    ...(stages.rejectionReasonField === undefined ? [] : [stages.rejectionReasonField]),
    ...slas.flatMap((s) => (s?.escalate ? [s.escalate.field] : [])),
  ];
}

function crmFieldOf(
  m: LeadloopConfig['fieldMappings'][number],
  crm: CrmName,
  object: PersonObject,
): string | undefined {
  if (crm === 'hubspot') return m.hubspot;
  return object === 'lead' ? m.salesforce.lead : m.salesforce.contact;
}

/**
 * What a read of `crm:object` asks for (a pull, a read by id): `fieldsToPull` without the fields the
 * describe says the object lacks, since Salesforce rejects unknown fields (a dry run on a fresh CRM,
 * before leadloop's own fields are provisioned). No describe known: every field.
 */
export function fieldsToRead(
  config: LeadloopConfig,
  crm: CrmName,
  object: PersonObject,
  available: ReadonlyMap<string, ReadonlySet<string>> | undefined,
): string[] {
  const have = available?.get(`${crm}:${object}`);
  return fieldsToPull(config, crm, object).filter((f) => !have || have.size === 0 || have.has(f));
}
