/**
 * The fields each pull asks for: every field the model, the mappings, the stages and leadloop's own
 * fields read — and nothing else, so pages stay narrow (Salesforce shrinks query batches for wide rows).
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import { OWN_FIELD_KEYS, ownFieldName } from '../mapping/own-fields.ts';
import type { Condition } from '../scoring/schema.ts';
import { WELL_KNOWN } from './crm-fields.ts';

function conditionFields(condition: Condition, out: Set<string>): void {
  if ('all' in condition) for (const c of condition.all) conditionFields(c, out);
  else if ('any' in condition) for (const c of condition.any) conditionFields(c, out);
  else out.add(condition.field);
}

/** HubSpot-named fields the scoring model reads. */
export function scoringFields(config: LeadloopConfig): Set<string> {
  const out = new Set<string>();
  for (const rule of config.scoring.profile.rules) {
    if (rule.when) conditionFields(rule.when, out);
    if (rule.field) out.add(rule.field);
  }
  for (const d of config.scoring.disqualify) conditionFields(d.when, out);
  for (const c of config.scoring.gradeCaps) conditionFields(c.when, out);
  const o = config.scoring.override;
  for (const f of [o.scoreField, o.gradeField, o.stageField]) if (f) out.add(f);
  return out;
}

export function fieldsToPull(config: LeadloopConfig, crm: CrmName, object: PersonObject): string[] {
  const fields = new Set<string>();
  for (const key of OWN_FIELD_KEYS) fields.add(ownFieldName(crm, key, config.fields.prefix));
  for (const known of Object.values(WELL_KNOWN)) {
    if (known.crm === crm && (!('object' in known) || known.object === object)) fields.add(known.field);
  }
  const scoring = scoringFields(config);
  for (const m of config.fieldMappings) {
    const field = crmFieldOf(m, crm, object);
    if (field !== undefined) fields.add(field);
  }
  // Scoring reads HubSpot names; on Salesforce they arrive through the mappings above.
  if (crm === 'hubspot') for (const f of scoring) fields.add(f);
  return [...fields].sort();
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
