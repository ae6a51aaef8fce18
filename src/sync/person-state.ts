/**
 * What the engine remembers per person between runs (stored as JSON by the StateStore): the stage
 * machine's state, the last score, and the values each side held after the last sync — the baseline
 * that tells a two-way rule which side changed, and that keeps leadloop's own writes from bouncing back.
 */
import { z } from 'zod';
import { CrmName, IsoTime, PersonObject } from '../domain/crm.ts';
import { FieldValue } from '../domain/person.ts';
import { StageState } from '../stages/stage-state.ts';
import { RecordRef } from '../domain/person-link.ts';

const Fields = z.record(z.string(), FieldValue);

export const PersonState = z.strictObject({
  stage: StageState.nullable(),
  lastScore: z
    .strictObject({
      total: z.number(),
      cell: z.string(),
      modelVersion: z.string(),
      at: IsoTime,
    })
    .nullable(),
  /** Mapped-field values per side after the last sync (the two-way baseline). */
  synced: z.strictObject({ hubspot: Fields, salesforce: Fields }),
  /** Sides whose record was deleted in its CRM: never recreated by a hand-off. */
  tombstones: z.array(z.strictObject({ crm: CrmName, object: PersonObject })),
  /**
   * Further Salesforce records with this person's email (never handed off, never a person of their own).
   * Kept here because only linking finds them (by email); states written before duplicates existed read as none.
   */
  duplicates: z.array(RecordRef).default([]),
});
export type PersonState = z.infer<typeof PersonState>;

export const emptyPersonState = (): PersonState => ({
  stage: null,
  lastScore: null,
  synced: { hubspot: {}, salesforce: {} },
  tombstones: [],
  duplicates: [],
});

/** Parses stored JSON; an unreadable state means "start fresh" (the CRMs are the system of record). */
export function readPersonState(raw: unknown): PersonState {
  const parsed = PersonState.safeParse(raw);
  return parsed.success ? parsed.data : emptyPersonState();
}
