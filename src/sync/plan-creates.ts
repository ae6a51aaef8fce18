/**
 * Hand-off: a person who exists on one side only gets a record on the other, when the config says so.
 * Creates are upserts on leadloop's linked-id field, so a retry or a crash never makes a duplicate.
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import { MappingValueError } from '../mapping/mapping-value-error.ts';
import type { MappingTargets } from '../mapping/targets.ts';
import { toHubSpot, toSalesforce, type Converted } from '../mapping/transform.ts';
import { OWN_FIELD_KEYS, ownFieldName, type OwnFieldKey } from '../mapping/own-fields.ts';
import type { StageKey } from '../stages/schema.ts';
import { REQUIRED_ON_CREATE, WELL_KNOWN } from './crm-fields.ts';
import type { PersonInputs } from './plan-person.ts';

export interface PlannedCreate {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly externalIdField: string;
  readonly externalId: string;
  readonly fields: Record<string, FieldValue>;
  readonly reason: string;
}

interface CreateContext {
  readonly config: LeadloopConfig;
  readonly targets: readonly (MappingTargets | undefined)[];
  readonly own: Partial<Record<OwnFieldKey, FieldValue>>;
  readonly stage: StageKey;
  readonly roundRobin: number;
}

const PAST_MQL: ReadonlySet<StageKey> = new Set(['MQL', 'SAL', 'SQL', 'WON']);

function tombstoned(inputs: PersonInputs, crm: CrmName): boolean {
  return inputs.state.tombstones.some((t) => t.crm === crm);
}

function ownFieldsFor(crm: CrmName, ctx: CreateContext): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const key of OWN_FIELD_KEYS) {
    const value = ctx.own[key];
    if (value !== undefined && value !== null) out[ownFieldName(crm, key, ctx.config.fields.prefix)] = value;
  }
  return out;
}

/** A value that cannot convert is left out of the create (the mapping check reports such fields). */
function convert(run: () => Converted): FieldValue {
  try {
    return run().value;
  } catch (err) {
    if (err instanceof MappingValueError) return null;
    throw err;
  }
}

export function planCreates(inputs: PersonInputs, ctx: CreateContext): PlannedCreate[] {
  const { config } = ctx;
  const creates: PlannedCreate[] = [];
  const hasSalesforce = Boolean(inputs.lead ?? inputs.contact);

  if (inputs.hubspot && !hasSalesforce && !tombstoned(inputs, 'salesforce')) {
    const when = config.handoff.createInSalesforce;
    if (when === 'all' || (when === 'mql' && PAST_MQL.has(ctx.stage))) {
      const fields: Record<string, FieldValue> = { ...ownFieldsFor('salesforce', ctx) };
      config.fieldMappings.forEach((m, i) => {
        if (!m.salesforce.lead || m.direction === 'to-hubspot' || m.rule === 'dont-sync') return;
        const value = convert(() =>
          toSalesforce(inputs.hubspot?.fields[m.hubspot] ?? null, {
            field: `${m.hubspot} → ${m.salesforce.lead}`,
            transform: m.transform,
            target: ctx.targets[i]?.salesforce.lead,
          }),
        );
        if (value !== null) fields[m.salesforce.lead] = value;
      });
      const required = { ...REQUIRED_ON_CREATE.salesforce.lead, Company: config.handoff.defaultCompany };
      for (const [field, fallback] of Object.entries(required))
        if (fields[field] === undefined) fields[field] = fallback;
      const owners = config.handoff.owners.roundRobin;
      if (!config.handoff.owners.assignmentRules && owners.length > 0) {
        fields[WELL_KNOWN.owner.field] = owners[ctx.roundRobin % owners.length] ?? null;
      }
      creates.push({
        crm: 'salesforce',
        object: 'lead',
        externalIdField: ownFieldName('salesforce', 'linkedId', config.fields.prefix),
        externalId: inputs.hubspot.id,
        fields,
        reason: when === 'all' ? 'hand-off: every HubSpot person' : `hand-off: ${ctx.stage}`,
      });
    }
  }

  const sf = inputs.contact ?? inputs.lead;
  if (sf && !inputs.hubspot && !tombstoned(inputs, 'hubspot')) {
    const when = config.handoff.createInHubSpot;
    if (when === 'all' || (when === 'recycled' && ctx.stage === 'RECYCLED')) {
      const fields: Record<string, FieldValue> = { ...ownFieldsFor('hubspot', ctx) };
      config.fieldMappings.forEach((m, i) => {
        const sfField = sf.object === 'lead' ? m.salesforce.lead : m.salesforce.contact;
        if (!sfField || m.direction === 'to-salesforce' || m.rule === 'dont-sync') return;
        const value = convert(() =>
          toHubSpot(sf.fields[sfField] ?? null, {
            field: `${m.hubspot} → ${sfField}`,
            transform: m.transform,
            target: ctx.targets[i]?.hubspot,
          }),
        );
        if (value !== null) fields[m.hubspot] = value;
      });
      creates.push({
        crm: 'hubspot',
        object: 'contact',
        externalIdField: ownFieldName('hubspot', 'linkedId', config.fields.prefix),
        externalId: sf.id,
        fields,
        reason:
          when === 'all' ? 'hand-back: every Salesforce person' : 'recycled: back to marketing for nurturing',
      });
    }
  }
  return creates;
}
