/**
 * The fields a model already gives points for (its profile rules) or takes as given (manual overrides).
 * Fields read only by disqualify rules and grade caps are still open to new points: a lead source that
 * caps the grade may also carry signal among the people it does not cap.
 */
import type { Condition, ScoringConfig } from '../../scoring/schema.ts';

function conditionFields(condition: Condition, into: Set<string>): void {
  if ('all' in condition) condition.all.forEach((c) => conditionFields(c, into));
  else if ('any' in condition) condition.any.forEach((c) => conditionFields(c, into));
  else into.add(condition.field);
}

export function pointFields(config: ScoringConfig): Set<string> {
  const fields = new Set<string>();
  for (const rule of config.profile.rules) {
    if (rule.field !== undefined) fields.add(rule.field);
    if (rule.when !== undefined) conditionFields(rule.when, fields);
  }
  for (const f of [config.override.scoreField, config.override.gradeField, config.override.stageField]) {
    if (f !== undefined) fields.add(f);
  }
  return fields;
}
