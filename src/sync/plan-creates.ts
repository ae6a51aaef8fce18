/**
 * Hand-off: a person who exists on one side only gets a record on the other, when the config says so.
 * Creates are upserts on leadloop's linked-id field, so a retry or a crash never makes a duplicate. Each
 * direction is its own pure part in `plan/` (a Lead from a HubSpot contact, a contact from a Salesforce
 * record); this file only says which applies.
 */
import type { LeadloopConfig } from '../config/schema.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import type { MappingTargets } from '../mapping/targets.ts';
import type { OwnFieldKey } from '../mapping/own-fields.ts';
import type { StageKey } from '../stages/schema.ts';
import { hubspotContactCreate } from './plan/hubspot-contact-create.ts';
import type { ModelValues } from './plan/model-field-writes.ts';
import { salesforceLeadCreate } from './plan/salesforce-lead-create.ts';
import type { PersonInputs } from './plan-person.ts';

export interface PlannedCreate {
  readonly crm: CrmName;
  readonly object: PersonObject;
  readonly externalIdField: string;
  readonly externalId: string;
  readonly fields: Record<string, FieldValue>;
  readonly reason: string;
}

export interface CreateContext {
  readonly config: LeadloopConfig;
  readonly targets: readonly (MappingTargets | undefined)[];
  readonly own: Partial<Record<OwnFieldKey, FieldValue>>;
  /** The further scoring models' values: a created record carries their fields too. */
  readonly models?: readonly ModelValues[];
  readonly stage: StageKey;
  readonly roundRobin: number;
}

export function planCreates(inputs: PersonInputs, ctx: CreateContext): PlannedCreate[] {
  const tombstoned = (crm: CrmName): boolean => inputs.state.tombstones.some((t) => t.crm === crm);
  const creates: PlannedCreate[] = [];
  const sf = inputs.contact ?? inputs.lead;
  if (inputs.hubspot && !sf && !tombstoned('salesforce')) {
    const lead = salesforceLeadCreate(inputs.hubspot, ctx);
    if (lead) creates.push(lead);
  }
  if (sf && !inputs.hubspot && !tombstoned('hubspot')) {
    const contact = hubspotContactCreate(sf, ctx);
    if (contact) creates.push(contact);
  }
  return creates;
}
