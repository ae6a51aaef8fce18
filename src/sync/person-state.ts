/**
 * What the engine remembers per person between runs (stored as JSON by the StateStore): the stage and
 * its history, the SLA clock, the last score, and the last-synced value of every mapped field — the
 * baseline that tells a two-way rule which side changed.
 */
import { z } from 'zod';
import { IsoTime } from '../domain/crm.ts';
import { FieldValue } from '../domain/person.ts';
import { StageKey } from '../stages/schema.ts';

export const StageTransition = z.strictObject({
  from: StageKey.nullable(),
  to: StageKey,
  at: IsoTime,
  cause: z.string(),
});
export type StageTransition = z.infer<typeof StageTransition>;

export const PersonState = z.strictObject({
  stage: StageKey.nullable(),
  history: z.array(StageTransition),
  recycleCount: z.number().int().min(0),
  sla: z
    .strictObject({
      mqlAt: IsoTime,
      dueAt: IsoTime.nullable(),
      breachedAt: IsoTime.nullable(),
      reassignedTo: z.string().nullable(),
    })
    .nullable(),
  lastScore: z
    .strictObject({ total: z.number(), cell: z.string(), modelVersion: z.string(), at: IsoTime })
    .nullable(),
  /** Mapping key (HubSpot property) → the value both sides agreed on after the last sync. */
  baseline: z.record(z.string(), z.strictObject({ value: FieldValue, at: IsoTime })),
});
export type PersonState = z.infer<typeof PersonState>;

export const emptyPersonState = (): PersonState => ({
  stage: null,
  history: [],
  recycleCount: 0,
  sla: null,
  lastScore: null,
  baseline: {},
});

/** Parses stored JSON; an unreadable state means "start fresh" (the CRMs are the system of record). */
export function readPersonState(raw: unknown): PersonState {
  const parsed = PersonState.safeParse(raw);
  return parsed.success ? parsed.data : emptyPersonState();
}
