/** Builders for planning and reconcile tests: records as the store holds them, people, the example config. */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../../src/config/load.ts';
import type { LeadloopConfig } from '../../../src/config/schema.ts';
import type { CrmName, PersonObject } from '../../../src/domain/crm.ts';
import type { FieldValue } from '../../../src/domain/person.ts';
import { compileModel } from '../../../src/scoring/compile-model.ts';
import type { StageKey } from '../../../src/stages/schema.ts';
import type { StageState } from '../../../src/stages/stage-state.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { emptyPersonState } from '../../../src/sync/person-state.ts';
import type { PersonInputs, PlanSettings, PlannedWrite } from '../../../src/sync/plan-person.ts';
import type { PersonLink } from '../../../src/domain/person-link.ts';

/** A Monday, 09:00 in Berlin (the example's SLA business hours). */
export const NOW = new Date('2026-11-02T08:00:00.000Z');
export const EARLIER = '2026-10-01T00:00:00.000Z';
const HOUR_MS = 3_600_000;
export const hoursBefore = (hours: number): string => new Date(NOW.getTime() - hours * HOUR_MS).toISOString();

function snapshot(
  crm: CrmName,
  object: PersonObject,
  id: string,
  fields: Record<string, FieldValue>,
): RecordSnapshot {
  return { crm, object, id, fields, modifiedAt: EARLIER, syncedAt: EARLIER };
}

export const hubspot = (id: string, fields: Record<string, FieldValue> = {}): RecordSnapshot =>
  snapshot('hubspot', 'contact', id, fields);
export const lead = (id: string, fields: Record<string, FieldValue> = {}): RecordSnapshot =>
  snapshot('salesforce', 'lead', id, fields);
export const contact = (id: string, fields: Record<string, FieldValue> = {}): RecordSnapshot =>
  snapshot('salesforce', 'contact', id, fields);

export function link(
  personId: string,
  ids: Partial<Pick<PersonLink, 'hubspotId' | 'salesforceLeadId' | 'salesforceContactId' | 'email'>> = {},
): PersonLink {
  return {
    personId,
    hubspotId: ids.hubspotId ?? null,
    salesforceLeadId: ids.salesforceLeadId ?? null,
    salesforceContactId: ids.salesforceContactId ?? null,
    email: ids.email ?? null,
    updatedAt: EARLIER,
  };
}

/** A person's inputs; the link follows the records given unless one is passed. */
export function inputs(parts: Partial<PersonInputs> & { personId?: string } = {}): PersonInputs {
  const { personId = 'p1', ...rest } = parts;
  return {
    link:
      rest.link ??
      link(personId, {
        hubspotId: rest.hubspot?.id ?? null,
        salesforceLeadId: rest.lead?.id ?? null,
        salesforceContactId: rest.contact?.id ?? null,
        email: 'ann@acme.example',
      }),
    hubspot: rest.hubspot,
    lead: rest.lead,
    contact: rest.contact,
    duplicates: rest.duplicates ?? [],
    activities: rest.activities ?? [],
    opportunities: rest.opportunities ?? [],
    state: rest.state ?? emptyPersonState(),
  };
}

/** A stage state entered at `since` (from MIL, by score), with nothing else in its history. */
export function stageState(stage: StageKey, since: string): StageState {
  const created = '2026-09-01T00:00:00.000Z';
  return {
    stage,
    since: stage === 'MIL' ? created : since,
    history: [
      { from: null, to: 'MIL', at: created, cause: 'created' },
      ...(stage === 'MIL' ? [] : [{ from: 'MIL' as const, to: stage, at: since, cause: 'score' as const }]),
    ],
    recycleCount: stage === 'RECYCLED' ? 1 : 0,
    mqlCount: stage === 'MQL' ? 1 : 0,
    seen: { salesStatus: null, converted: false },
    slaBreaches: [],
  };
}

const EXAMPLE = readFileSync(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');

/** The example config (its defaults for every secret), optionally changed. */
export function exampleConfig(change: (c: LeadloopConfig) => LeadloopConfig = (c) => c): LeadloopConfig {
  return change(parseConfig(EXAMPLE, {}));
}

export function planSettings(config: LeadloopConfig, roundRobin = 0): PlanSettings {
  const model = compileModel(config.scoring, { explanationLength: config.fields.explanationLength });
  return { config, model, targets: [], roundRobin };
}

/** A planned write to the record `snap`, for expected values. */
export function write(
  snap: Pick<RecordSnapshot, 'crm' | 'object' | 'id'>,
  field: string,
  from: FieldValue,
  to: FieldValue,
  reason: string,
): PlannedWrite {
  return { crm: snap.crm, object: snap.object, id: snap.id, field, from, to, reason };
}
