/**
 * `leadloop model compare`: the shadowed candidate against the live model, forward-looking. From each
 * person's shadow entry: the movement matrix and the MQLs the candidate gains and loses (latest scores),
 * and for people whose stage reached an outcome since the shadow began, which model's prediction at the
 * start was better (prediction.ts). Pure: the caller reads the entries from the state.
 */
import type { StageKey } from '../stages/schema.ts';
import { movementMatrix, type MovementMatrix } from './movement.ts';
import { GOOD_STAGES, OUTCOME_STAGES, predictionStats, type PredictionStats } from './prediction.ts';
import type { ShadowEntry, ShadowSide } from './shadow-entry.ts';

export interface ShadowedPerson {
  readonly personId: string;
  readonly email: string | null;
  /** The stage the person is in now. */
  readonly stage: StageKey;
  readonly shadow: ShadowEntry;
}

export interface MqlExample {
  readonly personId: string;
  readonly email: string | null;
  readonly live: ShadowSide;
  readonly candidate: ShadowSide;
}

export interface CompareReport {
  readonly candidateVersion: string;
  readonly liveVersion: string;
  readonly since: string;
  /** People the candidate has scored. */
  readonly people: number;
  readonly movement: MovementMatrix;
  readonly mql: {
    readonly live: number;
    readonly candidate: number;
    readonly gained: number;
    readonly lost: number;
    /** Up to `maxExamples` each, the biggest score difference first. */
    readonly gainedExamples: readonly MqlExample[];
    readonly lostExamples: readonly MqlExample[];
  };
  /** People whose stage moved since the shadow began, and of those the ones that reached an outcome. */
  readonly stageMoved: number;
  readonly live: PredictionStats;
  readonly candidate: PredictionStats;
}

export interface CompareOptions {
  readonly candidateVersion: string;
  readonly liveVersion: string;
  readonly since: string;
  readonly maxExamples?: number;
}

const example = (p: ShadowedPerson): MqlExample => ({
  personId: p.personId,
  email: p.email,
  live: p.shadow.latest.live,
  candidate: p.shadow.latest.candidate,
});

const gap = (e: MqlExample): number => Math.abs(e.candidate.total - e.live.total);

export function compareModels(people: Iterable<ShadowedPerson>, options: CompareOptions): CompareReport {
  const maxExamples = options.maxExamples ?? 10;
  const current: ShadowedPerson[] = [];
  for (const p of people)
    // An entry of another candidate or an earlier registration of this one is not this shadow's.
    if (p.shadow.candidateVersion === options.candidateVersion && p.shadow.since === options.since)
      current.push(p);
  const gained = current.filter((p) => p.shadow.latest.candidate.mql && !p.shadow.latest.live.mql);
  const lost = current.filter((p) => !p.shadow.latest.candidate.mql && p.shadow.latest.live.mql);
  const top = (list: ShadowedPerson[]): MqlExample[] =>
    list
      .map(example)
      .sort((a, b) => gap(b) - gap(a) || (a.personId < b.personId ? -1 : 1))
      .slice(0, maxExamples);
  const moved = current.filter((p) => p.stage !== p.shadow.start.stage);
  const judged = moved.filter((p) => OUTCOME_STAGES.has(p.stage));
  return {
    candidateVersion: options.candidateVersion,
    liveVersion: options.liveVersion,
    since: options.since,
    people: current.length,
    movement: movementMatrix(
      current.map((p) => ({ live: p.shadow.latest.live.cell, candidate: p.shadow.latest.candidate.cell })),
    ),
    mql: {
      live: current.filter((p) => p.shadow.latest.live.mql).length,
      candidate: current.filter((p) => p.shadow.latest.candidate.mql).length,
      gained: gained.length,
      lost: lost.length,
      gainedExamples: top(gained),
      lostExamples: top(lost),
    },
    stageMoved: moved.length,
    live: predictionStats(
      judged.map((p) => ({ prediction: p.shadow.start.live, good: GOOD_STAGES.has(p.stage) })),
    ),
    candidate: predictionStats(
      judged.map((p) => ({ prediction: p.shadow.start.candidate, good: GOOD_STAGES.has(p.stage) })),
    ),
  };
}
