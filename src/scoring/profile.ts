/**
 * The explicit (profile) score: every matching rule adds its points, except that rules sharing a `group`
 * count once, through their best match (highest points; the first in config order on a tie).
 */
import type { CompiledModel, ProfileScratch } from './compile-model.ts';
import type { ProfileContribution, ProfileInput } from './types.ts';

export interface ProfileResult {
  /** Unrounded: the exact sum of `contributions[].points`. */
  readonly value: number;
  readonly contributions: ProfileContribution[];
}

/**
 * Marks each matching rule in `model.profileScratch.hit` and leaves, per group, the index of its best match
 * in `best` (-1: no match). Reused arrays: the rescore path allocates nothing.
 */
function matchRules(model: CompiledModel, fields: ProfileInput): ProfileScratch {
  const scratch = model.profileScratch;
  const { hit, best } = scratch;
  best.fill(-1);
  const rules = model.profileRules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const matched = rule !== undefined && rule.test(fields);
    hit[i] = matched ? 1 : 0;
    if (!matched || rule.groupIndex < 0) continue;
    const current = best[rule.groupIndex] ?? -1;
    if (current < 0 || rule.points > (rules[current]?.points ?? Number.NEGATIVE_INFINITY))
      best[rule.groupIndex] = i;
  }
  return scratch;
}

/** Whether rule `i` counts: it matched, and it is its group's best match if it has a group. */
function counts(model: CompiledModel, scratch: ProfileScratch, i: number): boolean {
  const rule = model.profileRules[i];
  if (rule === undefined || scratch.hit[i] !== 1) return false;
  return rule.groupIndex < 0 || scratch.best[rule.groupIndex] === i;
}

/** The unrounded profile score alone (the rescore's fast path). */
export function profileValue(model: CompiledModel, fields: ProfileInput): number {
  const scratch = matchRules(model, fields);
  let value = 0;
  for (let i = 0; i < model.profileRules.length; i++) {
    if (counts(model, scratch, i)) value += model.profileRules[i]?.points ?? 0;
  }
  return value;
}

/** The profile score with its contributions; the same sum, in the same order, as `profileValue`. */
export function scoreProfile(model: CompiledModel, fields: ProfileInput): ProfileResult {
  const scratch = matchRules(model, fields);
  const contributions: ProfileContribution[] = [];
  let value = 0;
  for (let i = 0; i < model.profileRules.length; i++) {
    const rule = model.profileRules[i];
    if (rule === undefined || !counts(model, scratch, i)) continue;
    value += rule.points;
    contributions.push(
      rule.group === undefined
        ? { kind: 'profile', rule: rule.name, points: rule.points }
        : { kind: 'profile', rule: rule.name, points: rule.points, group: rule.group },
    );
  }
  return { value, contributions };
}
