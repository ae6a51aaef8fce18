/**
 * A HubSpot contact for a person Salesforce alone holds, when they are recycled to nurture (or always, by
 * config): leadloop's fields and the mapped values of their Lead or Contact.
 */
import type { FieldValue } from '../../domain/person.ts';
import { ownFieldName } from '../../mapping/own-fields.ts';
import { toHubSpot } from '../../mapping/transform.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import type { CreateContext, PlannedCreate } from '../plan-creates.ts';
import { convert, ownFieldsFor } from './create-fields.ts';

export function hubspotContactCreate(sf: RecordSnapshot, ctx: CreateContext): PlannedCreate | null {
  const { config } = ctx;
  const when = config.handoff.createInHubSpot;
  if (!(when === 'all' || (when === 'recycled' && ctx.stage === 'RECYCLED'))) return null;
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
  return {
    crm: 'hubspot',
    object: 'contact',
    externalIdField: ownFieldName('hubspot', 'linkedId', config.fields.prefix),
    externalId: sf.id,
    fields,
    reason:
      when === 'all' ? 'hand-back: every Salesforce person' : 'recycled: back to marketing for nurturing',
  };
}
