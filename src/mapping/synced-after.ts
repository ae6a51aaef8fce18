/**
 * The last-synced values to remember after a run: what each record holds once the plan's writes landed.
 * Stored per side (not one agreed value), because a direction-restricted mapping can leave the sides
 * different on purpose, and a single baseline would then read the unwritten side as "changed" and revert
 * the other. Keep a record's previous snapshot when its write failed, so the change is retried.
 */
import type { FieldValue } from '../domain/person.ts';
import type { PersonSides } from './person-sides.ts';
import { salesforceField } from './person-sides.ts';
import type { MappedFieldPlan } from './plan-mapped-fields.ts';
import type { FieldMapping } from './schema.ts';

export interface SyncedValues {
  /** HubSpot property → value, for the mapped properties. */
  readonly hubspot: Record<string, FieldValue>;
  /** Salesforce field → value on the person's Lead or Contact, for the mapped fields. */
  readonly salesforce: Record<string, FieldValue>;
}

export function syncedAfter(
  person: PersonSides,
  plan: MappedFieldPlan,
  mappings: readonly FieldMapping[],
): SyncedValues {
  const synced: SyncedValues = { hubspot: {}, salesforce: {} };
  const { hubspot, salesforce } = person;
  for (const m of mappings) {
    if (hubspot)
      synced.hubspot[m.hubspot] = plan.hubspot[m.hubspot]?.value ?? hubspot.fields[m.hubspot] ?? null;
    const sfName = salesforce ? salesforceField(m, salesforce.object) : undefined;
    if (salesforce && sfName !== undefined) {
      synced.salesforce[sfName] = plan.salesforce[sfName]?.value ?? salesforce.fields[sfName] ?? null;
    }
  }
  return synced;
}
