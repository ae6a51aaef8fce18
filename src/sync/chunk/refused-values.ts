/**
 * Mapped values that could not be converted for the other CRM (a text where a number belongs, text too
 * long where truncation is off): nothing is sent for that field, and each becomes a permanent failure of
 * the record it was meant for, so sync health lists it by record, field and value instead of a bare
 * counter. A later plan of the same person that converts cleanly settles it. Pure.
 */
import type { RecordRef } from '../../domain/person-link.ts';
import type { FailureRef, WriteFailureEntry } from '../../state/types.ts';
import type { PersonInputs, PersonPlan } from '../plan-person.ts';

export interface RefusedValues {
  readonly failures: WriteFailureEntry[];
  /** Mapping failures of records this chunk planned again without one. */
  readonly clear: FailureRef[];
}

const mappingRef = (r: RecordRef): FailureRef => ({
  crm: r.crm,
  object: r.object,
  source: 'mapping',
  recordId: r.id,
});

/** The record each side's mapped values go to: the HubSpot contact, and the Contact before the Lead. */
function targets(inputs: PersonInputs): { hubspot?: RecordRef; salesforce?: RecordRef } {
  const sf = inputs.contact ?? inputs.lead;
  return {
    ...(inputs.hubspot ? { hubspot: inputs.hubspot } : {}),
    ...(sf ? { salesforce: sf } : {}),
  };
}

export function refusedValues(
  plans: readonly PersonPlan[],
  inputs: readonly PersonInputs[],
  facts: { readonly runId: string; readonly at: string },
): RefusedValues {
  const inputOf = new Map(inputs.map((i) => [i.link.personId, i]));
  const failures: WriteFailureEntry[] = [];
  const clear: FailureRef[] = [];
  for (const plan of plans) {
    const inputs = inputOf.get(plan.personId);
    if (!inputs) continue;
    const to = targets(inputs);
    for (const crm of ['hubspot', 'salesforce'] as const) {
      const record = to[crm];
      if (!record) continue;
      const errors = plan.mapped.errors.filter((e) => e.target === crm);
      if (errors.length === 0) {
        clear.push(mappingRef(record));
        continue;
      }
      failures.push({
        at: facts.at,
        runId: facts.runId,
        ...mappingRef(record),
        code: 'MAPPING_VALUE_INVALID',
        message: `Not sent: ${errors.map((e) => e.message).join('; ')}`,
        fields: errors.map((e) => e.field),
        permanent: true,
      });
    }
  }
  return { failures, clear };
}
