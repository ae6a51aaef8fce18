/**
 * A shadowed candidate's result for one person, kept in the person state beside the live score: what the
 * candidate and the live model said when shadowing began for this person (the prediction) and what they
 * say now. The stage at the start is what a later stage move is judged against. Never written to a CRM.
 */
import { z } from 'zod';
import { IsoTime } from '../domain/crm.ts';
import type { Score } from '../scoring/types.ts';
import { StageKey } from '../stages/schema.ts';

export const ShadowSide = z.strictObject({ total: z.number(), cell: z.string(), mql: z.boolean() });
export type ShadowSide = z.infer<typeof ShadowSide>;

export const ShadowEntry = z.strictObject({
  candidateVersion: z.string(),
  /** The candidate's registration time: an entry of an earlier registration starts over. */
  since: IsoTime,
  start: z.strictObject({ at: IsoTime, stage: StageKey, live: ShadowSide, candidate: ShadowSide }),
  latest: z.strictObject({ at: IsoTime, live: ShadowSide, candidate: ShadowSide }),
});
export type ShadowEntry = z.infer<typeof ShadowEntry>;

export interface ShadowRun {
  readonly candidateVersion: string;
  readonly since: string;
}

const side = (score: Score): ShadowSide => ({ total: score.total, cell: score.cell, mql: score.mql });

/**
 * The entry after scoring a person once more. `stage` is the stage the live model's run leaves them in;
 * it is taken as the start only the first time this registration scores them.
 */
export function nextShadowEntry(
  previous: ShadowEntry | undefined,
  run: ShadowRun,
  scores: { readonly live: Score; readonly candidate: Score },
  stage: StageKey,
  now: Date,
): ShadowEntry {
  const at = now.toISOString();
  const latest = { at, live: side(scores.live), candidate: side(scores.candidate) };
  if (previous && previous.candidateVersion === run.candidateVersion && previous.since === run.since)
    return { ...previous, latest };
  return {
    candidateVersion: run.candidateVersion,
    since: run.since,
    start: { at, stage, live: latest.live, candidate: latest.candidate },
    latest,
  };
}
