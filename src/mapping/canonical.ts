/**
 * A person's field values named by HubSpot property: what scoring reads, whichever CRM the value came from.
 *
 * Every HubSpot property the person has is kept as-is. Each mapped field then takes the value its rule
 * prefers, as if the sync had already run in both directions (the mapping's `direction` restricts writes,
 * not which value is true): two-way = the most recent change, prefer-X = X unless blank, always-X = X;
 * dont-sync keeps HubSpot's value when there is a HubSpot record. A Salesforce-only person gets its mapped
 * fields converted to HubSpot text. A Salesforce number behind a `ranges` mapping stays a number (scoring
 * compares numbers; only the HubSpot write needs the range). A value that cannot convert is null.
 */
import type { FieldValue } from '../domain/person.ts';
import { MappingValueError } from './mapping-value-error.ts';
import { type PersonSides, pairName, salesforceField, sideState } from './person-sides.ts';
import type { FieldMapping } from './schema.ts';
import { decideSync } from './sync-rules.ts';
import type { MappingTargets } from './targets.ts';
import { toHubSpot } from './transform.ts';

function fromSalesforce(
  value: FieldValue,
  mapping: FieldMapping,
  field: string,
  targets: MappingTargets | undefined,
): FieldValue {
  try {
    const transform = mapping.transform ? { ...mapping.transform, ranges: false } : undefined;
    // Ranges are what HubSpot can store; the canonical value is the number itself.
    const target = mapping.transform?.ranges ? undefined : targets?.hubspot;
    return toHubSpot(value, { field, transform, target }).value;
  } catch (err) {
    if (err instanceof MappingValueError) return null;
    throw err;
  }
}

export function canonicalFields(
  person: PersonSides,
  mappings: readonly FieldMapping[],
  targets: readonly (MappingTargets | undefined)[] = [],
): Record<string, FieldValue> {
  const { hubspot, salesforce } = person;
  const fields: Record<string, FieldValue> = { ...hubspot?.fields };
  if (!salesforce) return fields;
  mappings.forEach((mapping, index) => {
    const sfName = salesforceField(mapping, salesforce.object);
    if (sfName === undefined) return;
    const field = pairName(mapping, salesforce.object);
    const sfValue = sideState(salesforce, sfName).value;
    if (!hubspot) {
      fields[mapping.hubspot] = fromSalesforce(sfValue, mapping, field, targets[index]);
      return;
    }
    if (mapping.rule === 'dont-sync') return;
    const t = targets[index];
    const decision = decideSync(sideState(hubspot, mapping.hubspot), sideState(salesforce, sfName), {
      field,
      rule: mapping.rule,
      direction: 'both',
      transform: mapping.transform,
      targets: { hubspot: t?.hubspot, salesforce: t?.salesforce[salesforce.object] },
    });
    fields[mapping.hubspot] =
      decision.source === 'salesforce'
        ? fromSalesforce(sfValue, mapping, field, t)
        : (hubspot.fields[mapping.hubspot] ?? null);
  });
  return fields;
}
