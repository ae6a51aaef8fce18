/**
 * A person's lifecycle state as leadloop stores it: the current stage, every transition with its date and
 * cause, the counters, and the last sales evidence seen (so a Lead Status or a conversion acts once, when
 * it changes, and a recycled person is not re-recycled by a status nobody touched).
 */
import { z } from 'zod';
import { IsoTime } from '../domain/crm.ts';
import { StageKey } from './schema.ts';

export const StageCause = z.enum([
  'created',
  'score',
  'sales_feedback',
  'conversion',
  'opportunity_open',
  'opportunity_won',
  'opportunity_lost',
  'disqualified',
  'requalified',
  'override',
]);
export type StageCause = z.infer<typeof StageCause>;

export const StageTransition = z.strictObject({
  from: StageKey.nullable(),
  to: StageKey,
  at: IsoTime,
  cause: StageCause,
  /** The Lead Status value, opportunity id, disqualify rule... that caused it. */
  detail: z.string().optional(),
  /**
   * A rejection by sales (sales feedback into RECYCLED) with `stages.rejectionReasonField` configured:
   * the reason the Lead held, null when it was blank, and the Lead's owner who rejected.
   */
  rejection: z.strictObject({ reason: z.string().nullable(), owner: z.string().nullable() }).optional(),
});
export type StageTransition = z.infer<typeof StageTransition>;

export const SlaBreach = z.strictObject({
  /** Start of the MQL episode that breached. */
  mqlAt: IsoTime,
  dueAt: IsoTime,
  /** When a run noticed it (at or after `dueAt`). */
  detectedAt: IsoTime,
  /** The owner it was re-routed to; null when no `reassignTo` list is configured. */
  reassignedTo: z.string().nullable(),
});
export type SlaBreach = z.infer<typeof SlaBreach>;

/**
 * One SLA enforcement step taken for an MQL episode, recorded so a later run never takes it again:
 * a reminder Task, the re-route at the first breach, the escalation at the second.
 */
export const SlaAction = z.strictObject({
  /** Start of the MQL episode it belongs to. */
  mqlAt: IsoTime,
  kind: z.enum(['remind', 'reroute', 'escalate']),
  /** When it fell due, and when a run took it. */
  dueAt: IsoTime,
  at: IsoTime,
  /** The SLA rule that applied (`default` for `stages.sla`). */
  sla: z.string(),
  /** The owner reminded, or the new owner of a re-route or an escalation (null: nobody to hand to). */
  owner: z.string().nullable(),
  /** A reminder's: when the SLA breaches if nobody accepts. */
  deadline: IsoTime.optional(),
});
export type SlaAction = z.infer<typeof SlaAction>;

export const StageState = z.strictObject({
  stage: StageKey,
  /** When the current stage was entered. */
  since: IsoTime,
  history: z.array(StageTransition),
  /** Times passed back to marketing. */
  recycleCount: z.number().int().min(0),
  /** Times the person became an MQL (a re-entry after recycling counts again). */
  mqlCount: z.number().int().min(0),
  seen: z.strictObject({ salesStatus: z.string().nullable(), converted: z.boolean() }),
  slaBreaches: z.array(SlaBreach),
  /** SLA enforcement steps (reminders, re-routes, escalations); states stored before them have none. */
  slaActions: z.array(SlaAction).optional(),
});
export type StageState = z.infer<typeof StageState>;

/** The main track; RECYCLED and DISQUALIFIED sit beside it. */
const RANK: Readonly<Record<StageKey, number>> = {
  MIL: 0,
  MQL: 1,
  SAL: 2,
  SQL: 3,
  WON: 4,
  RECYCLED: -1,
  DISQUALIFIED: -1,
};

export function isOffTrack(stage: StageKey): boolean {
  return stage === 'RECYCLED' || stage === 'DISQUALIFIED';
}

/** 0..4 along MIL → MQL → SAL → SQL → WON; -1 for RECYCLED / DISQUALIFIED. */
export function stageRank(stage: StageKey): number {
  return RANK[stage];
}

/**
 * Stages never go backwards except through RECYCLED / DISQUALIFIED: forward along the track, into either
 * side stage from anywhere but WON, and out of a side stage to anywhere. WON is final.
 */
export function canMove(from: StageKey, to: StageKey): boolean {
  if (from === to || from === 'WON') return false;
  if (isOffTrack(to) || isOffTrack(from)) return true;
  return RANK[to] > RANK[from];
}

/**
 * A stage key from a CRM field value (the `override.stageField` a user sets): trimmed, any case; null when
 * empty or not a stage, so a cleared or mistyped field hands the person back to the lifecycle.
 */
export function parseStageKey(value: unknown): StageKey | null {
  if (typeof value !== 'string') return null;
  const parsed = StageKey.safeParse(value.trim().toUpperCase());
  return parsed.success ? parsed.data : null;
}

export function initialStageState(now: Date): StageState {
  const at = now.toISOString();
  return {
    stage: 'MIL',
    since: at,
    history: [{ from: null, to: 'MIL', at, cause: 'created' }],
    recycleCount: 0,
    mqlCount: 0,
    seen: { salesStatus: null, converted: false },
    slaBreaches: [],
  };
}

/**
 * The date each stage was last entered ("MQL date", "SAL date", ... fields). After a recycle the MQL date
 * is the re-entry's, so the fields describe the current pass through the funnel.
 */
export function stageDates(history: readonly StageTransition[]): Partial<Record<StageKey, string>> {
  const dates: Partial<Record<StageKey, string>> = {};
  for (const transition of history) dates[transition.to] = transition.at;
  return dates;
}
