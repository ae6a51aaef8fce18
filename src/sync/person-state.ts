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
import { ShadowEntry } from '../models/shadow-entry.ts';

const Fields = z.record(z.string(), FieldValue);

/**
 * A value leadloop wrote that the CRM rewrote as it saved it (a record-triggered flow, a workflow): `wrote`
 * is leadloop's value, `held` what the record held after the save. While leadloop still wants `wrote` and
 * the record still holds `held`, the org's value is accepted and not written again.
 */
export const OrgRewrite = z.strictObject({
  crm: CrmName,
  object: PersonObject,
  id: z.string(),
  field: z.string(),
  wrote: FieldValue,
  held: FieldValue,
});
export type OrgRewrite = z.infer<typeof OrgRewrite>;

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
  /** Fields the org rewrote after leadloop's write, once written again and rewritten the same way. */
  orgRewrites: z.array(OrgRewrite).default([]),
  /** The shadowed candidate model's score beside the live one (`leadloop model shadow`); never written to a CRM. */
  shadow: ShadowEntry.optional(),
  /** Released to this model version by a budgeted rescore (models/rescore-queue.ts): scored with it from now on. */
  rescoreTo: z.string().optional(),
  /**
   * The Salesforce Lead this person was converted from, seen when linking moved them to its Contact. The
   * Lead is no longer on the link, so this is the stage step's only evidence of the conversion.
   */
  conversion: z.strictObject({ leadId: z.string(), contactId: z.string(), at: IsoTime }).optional(),
});
export type PersonState = z.infer<typeof PersonState>;

export const emptyPersonState = (): PersonState => ({
  stage: null,
  lastScore: null,
  synced: { hubspot: {}, salesforce: {} },
  tombstones: [],
  duplicates: [],
  orgRewrites: [],
});

/** Parses stored JSON; an unreadable state means "start fresh" (the CRMs are the system of record). */
export function readPersonState(raw: unknown): PersonState {
  const parsed = PersonState.safeParse(raw);
  return parsed.success ? parsed.data : emptyPersonState();
}
