/**
 * A Lead for a person HubSpot alone holds, once they pass MQL (or always, by config): leadloop's fields,
 * the mapped values, the fields Salesforce requires, and the round-robin owner unless the org's assignment
 * rules choose one.
 */
import type { StageKey } from '../../stages/schema.ts';
import type { FieldValue } from '../../domain/person.ts';
import { ownFieldName } from '../../mapping/own-fields.ts';
import { toSalesforce } from '../../mapping/transform.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { REQUIRED_ON_CREATE, WELL_KNOWN } from '../crm-fields.ts';
import type { CreateContext, PlannedCreate } from '../plan-creates.ts';
import { convert, ownFieldsFor } from './create-fields.ts';

const PAST_MQL: ReadonlySet<StageKey> = new Set(['MQL', 'SAL', 'SQL', 'WON']);

export function salesforceLeadCreate(hubspot: RecordSnapshot, ctx: CreateContext): PlannedCreate | null {
  const { config } = ctx;
  const when = config.handoff.createInSalesforce;
  if (!(when === 'all' || (when === 'mql' && PAST_MQL.has(ctx.stage)))) return null;
  const fields: Record<string, FieldValue> = { ...ownFieldsFor('salesforce', ctx) };
  config.fieldMappings.forEach((m, i) => {
    if (!m.salesforce.lead || m.direction === 'to-hubspot' || m.rule === 'dont-sync') return;
    const value = convert(() =>
      toSalesforce(hubspot.fields[m.hubspot] ?? null, {
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
  return {
    crm: 'salesforce',
    object: 'lead',
    externalIdField: ownFieldName('salesforce', 'linkedId', config.fields.prefix),
    externalId: hubspot.id,
    fields,
    reason: when === 'all' ? 'hand-off: every HubSpot person' : `hand-off: ${ctx.stage}`,
  };
}
