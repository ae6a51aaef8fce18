/**
 * The one entry point that scores a person, used alike by the sync run, `--dry-run`, `explain` and the
 * backtest. Order of operations (issue 4, "Exact semantics"): profile and engagement are rounded (halves
 * away from zero) first; total, grade, level, cell and hand-off use the rounded values; then grade caps,
 * manual overrides, and disqualification, which dominates (never an MQL).
 */
import type { CompiledModel } from './compile-model.ts';
import { scoreEngagement } from './engagement.ts';
import { applyGradeCaps, findDisqualification, readOverrides } from './exceptions.ts';
import { formatExplanation } from './explain.ts';
import type { ExplanationParts } from './explain.ts';
import { cellOf, gradeFor, isMql, levelFor, roundHalfAwayFromZero } from './grade.ts';
import { scoreProfile } from './profile.ts';
import type { Grade } from './schema.ts';
import type { Contribution, Overridden, Score, ScoringPerson } from './types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function scorePerson(model: CompiledModel, person: ScoringPerson, now: Date): Score {
  const profileResult = scoreProfile(model, person.fields);
  const engagementResult = scoreEngagement(model, person.activities, now.getTime());
  const profile = roundHalfAwayFromZero(profileResult.value);
  const engagement = roundHalfAwayFromZero(engagementResult.value);
  const modelTotal = profile + engagement;

  const capped = applyGradeCaps(model, person.fields, gradeFor(profile, model.grades));
  const manual = readOverrides(model, person.fields);
  let grade: Grade = capped.grade;
  let total = modelTotal;
  let overridden: Overridden | undefined;
  if (manual.grade !== undefined || manual.total !== undefined) {
    const o: { total?: Overridden['total']; grade?: Overridden['grade'] } = {};
    if (manual.grade !== undefined) {
      o.grade = { value: manual.grade, model: grade };
      grade = manual.grade;
    }
    if (manual.total !== undefined) {
      total = roundHalfAwayFromZero(manual.total);
      o.total = { value: total, model: modelTotal };
    }
    overridden = o;
  }

  const level = levelFor(engagement, model.levels);
  const cell = cellOf(grade, level);
  const disqualified = findDisqualification(model, person.fields);
  const mql = disqualified === undefined && isMql(model, cell, total);
  const contributions: Contribution[] = profileResult.contributions.slice();
  for (const c of engagementResult.contributions) contributions.push(c);
  const parts: Mutable<ExplanationParts> = {
    cell,
    total,
    profile,
    engagement,
    modelTotal,
    profileContributions: profileResult.contributions,
    engagementContributions: engagementResult.contributions,
  };
  let explanation: string | undefined;
  const score: Mutable<Score> = {
    profile,
    engagement,
    total,
    grade,
    level,
    cell,
    mql,
    contributions,
    // Built on first read: the text is needed only for records being written or shown, and building it
    // for every record of a rescore would cost about as much as the scoring itself.
    get explanation(): string {
      explanation ??= formatExplanation(parts, model.explanationLength);
      return explanation;
    },
    modelVersion: model.modelVersion,
  };
  // Optional keys are set only when present, so a plain score serialises without `undefined` noise.
  if (disqualified !== undefined) score.disqualified = parts.disqualified = disqualified;
  if (capped.cappedBy !== undefined) score.cappedBy = parts.cappedBy = capped.cappedBy;
  if (overridden !== undefined) score.overridden = parts.overridden = overridden;
  return score;
}
