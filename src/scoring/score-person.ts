/**
 * The one entry point that scores a person, used alike by the sync run, `--dry-run`, `explain` and the
 * backtest. Order of operations (README, "The scoring model, exactly"): profile and engagement are rounded (halves
 * away from zero) first; total, grade, level, cell and hand-off use the rounded values; then grade caps,
 * manual overrides, and disqualification, which dominates (never an MQL).
 */
import type { CompiledModel } from './compile-model.ts';
import { engagementValue, scoreEngagement } from './engagement.ts';
import { applyGradeCaps, findDisqualification, readOverrides } from './exceptions.ts';
import { cellOf, gradeFor, isMql, levelFor, roundHalfAwayFromZero } from './grade.ts';
import { profileValue, scoreProfile } from './profile.ts';
import type { Grade } from './schema.ts';
import { ScoreResult } from './score-result.ts';
import type { ScoreSource } from './score-result.ts';
import type { Overridden, ScoringPerson } from './types.ts';

export interface ScoreOptions {
  /**
   * Compute contributions now, in the same pass, rather than on first read. Set it when the explanation or
   * the contributions will be read anyway (a sync writing the explanation field): it saves a second pass.
   */
  readonly details?: boolean;
}

export function scorePerson(
  model: CompiledModel,
  person: ScoringPerson,
  now: Date,
  options: ScoreOptions = {},
): ScoreResult {
  const nowMs = now.getTime();
  let source: ScoreSource = { model, person, nowMs };
  let profileRaw: number;
  let engagementRaw: number;
  if (options.details === true) {
    const p = scoreProfile(model, person.fields);
    const e = scoreEngagement(model, person.activities, nowMs);
    profileRaw = p.value;
    engagementRaw = e.value;
    source = { ...source, details: { profile: p.contributions, engagement: e.contributions } };
  } else {
    profileRaw = profileValue(model, person.fields);
    engagementRaw = engagementValue(model, person.activities, nowMs);
  }
  const profile = roundHalfAwayFromZero(profileRaw);
  const engagement = roundHalfAwayFromZero(engagementRaw);
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
  return new ScoreResult(
    {
      profile,
      engagement,
      total,
      grade,
      level,
      cell,
      mql,
      disqualified,
      cappedBy: capped.cappedBy,
      overridden,
      modelVersion: model.modelVersion,
    },
    source,
  );
}
