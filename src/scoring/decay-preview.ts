/**
 * Decay preview: how the engagement levels would drift if nobody did anything new. Everyone is scored
 * by the same `scorePerson` at now and at now + each horizon with only the behaviour they have today, so
 * the table shows what the nightly rescore will do to the matrix: levels fall as activities age, and
 * `withinDays` windows drop them entirely.
 */
import { compileModel } from './compile-model.ts';
import { Level } from './schema.ts';
import type { ScoringConfig } from './schema.ts';
import { scorePerson } from './score-person.ts';
import type { ScoringPerson } from './types.ts';

const DAY_MS = 86_400_000;
export const DECAY_HORIZONS: readonly number[] = [0, 30, 60, 90];

export interface DecayHorizon {
  /** Days after now (0 is today). */
  readonly days: number;
  readonly at: string;
  /** People per engagement level. */
  readonly levels: Readonly<Record<Level, number>>;
  readonly mql: number;
  /** People whose level is lower than today's. */
  readonly droppedLevel: number;
}

export interface DecayPreview {
  readonly modelVersion: string;
  readonly people: number;
  readonly horizons: readonly DecayHorizon[];
}

const emptyLevels = (): Record<Level, number> => ({ '1': 0, '2': 0, '3': 0, '4': 0 });

export function decayPreview(
  people: Iterable<ScoringPerson>,
  config: ScoringConfig,
  now: Date,
  horizons: readonly number[] = DECAY_HORIZONS,
): DecayPreview {
  const model = compileModel(config);
  const times = horizons.map((days) => new Date(now.getTime() + days * DAY_MS));
  const tallies = horizons.map(() => ({ levels: emptyLevels(), mql: 0, droppedLevel: 0 }));
  let count = 0;
  for (const person of people) {
    count++;
    const today = scorePerson(model, person, now).level;
    times.forEach((at, h) => {
      const score = scorePerson(model, person, at);
      const tally = tallies[h];
      if (tally === undefined) return;
      tally.levels[score.level]++;
      if (score.mql) tally.mql++;
      // Level '1' is the most engaged: a larger level number is a lower level.
      if (Level.options.indexOf(score.level) > Level.options.indexOf(today)) tally.droppedLevel++;
    });
  }
  return {
    modelVersion: config.modelVersion,
    people: count,
    horizons: horizons.map((days, h) => ({
      days,
      at: (times[h] ?? now).toISOString(),
      ...(tallies[h] ?? { levels: emptyLevels(), mql: 0, droppedLevel: 0 }),
    })),
  };
}
