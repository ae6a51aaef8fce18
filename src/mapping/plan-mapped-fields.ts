/**
 * All mapped fields of one linked person: the value each CRM record should be given, per the mappings'
 * rules, directions and transforms. Pure; the sync plan diffs the result into writes.
 */
import type { MappingValueError } from './mapping-value-error.ts';
import { type PersonSides, pairName, salesforceField, sideState } from './person-sides.ts';
import type { FieldMapping } from './schema.ts';
import { type SideChange, type SyncConflict, decideSync } from './sync-rules.ts';
import type { MappingTargets } from './targets.ts';
import type { TruncationWarning } from './transform.ts';

export interface MappedConflict {
  /** Index in `fieldMappings`. */
  readonly mapping: number;
  readonly hubspot: string;
  readonly salesforce: string;
  readonly conflict: SyncConflict;
}

export interface MappedFieldPlan {
  /** HubSpot property → value to write and why. */
  readonly hubspot: Record<string, SideChange>;
  /** Salesforce field (on the person's Lead or Contact) → value to write and why. */
  readonly salesforce: Record<string, SideChange>;
  readonly conflicts: MappedConflict[];
  readonly warnings: TruncationWarning[];
  readonly errors: MappingValueError[];
}

/**
 * Decide every mapping for a person linked on both sides. A person on one side only has nothing to sync
 * (creating the missing record is the hand-off's job) and gets an empty plan.
 */
export function planMappedFields(
  person: PersonSides,
  mappings: readonly FieldMapping[],
  targets: readonly (MappingTargets | undefined)[] = [],
): MappedFieldPlan {
  const plan: MappedFieldPlan = { hubspot: {}, salesforce: {}, conflicts: [], warnings: [], errors: [] };
  const { hubspot, salesforce } = person;
  if (!hubspot || !salesforce) return plan;
  mappings.forEach((mapping, index) => {
    const sfName = salesforceField(mapping, salesforce.object);
    if (sfName === undefined) return;
    const t = targets[index];
    const decision = decideSync(sideState(hubspot, mapping.hubspot), sideState(salesforce, sfName), {
      field: pairName(mapping, salesforce.object),
      rule: mapping.rule,
      direction: mapping.direction,
      transform: mapping.transform,
      targets: { hubspot: t?.hubspot, salesforce: t?.salesforce[salesforce.object] },
    });
    if (decision.hubspot) plan.hubspot[mapping.hubspot] = decision.hubspot;
    if (decision.salesforce) plan.salesforce[sfName] = decision.salesforce;
    if (decision.conflict)
      plan.conflicts.push({
        mapping: index,
        hubspot: mapping.hubspot,
        salesforce: sfName,
        conflict: decision.conflict,
      });
    if (decision.warnings) plan.warnings.push(...decision.warnings);
    if (decision.error) plan.errors.push(decision.error);
  });
  return plan;
}
