/**
 * The explicit (profile) score: every matching rule adds its points, except that rules sharing a `group`
 * count once, through their best match (highest points; the first in config order on a tie).
 */
import type { CompiledModel } from './compile-model.ts';
import type { ProfileContribution, ProfileInput } from './types.ts';

export interface ProfileResult {
  /** Unrounded: the exact sum of `contributions[].points`. */
  readonly value: number;
  readonly contributions: ProfileContribution[];
}

export function scoreProfile(model: CompiledModel, fields: ProfileInput): ProfileResult {
  const rules = model.profileRules;
  const matched: boolean[] = new Array<boolean>(rules.length);
  const best: number[] | undefined =
    model.groupCount > 0 ? new Array<number>(model.groupCount).fill(-1) : undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === undefined) continue;
    const hit = rule.test(fields);
    matched[i] = hit;
    if (hit && best !== undefined && rule.groupIndex >= 0) {
      const current = best[rule.groupIndex] ?? -1;
      if (current < 0 || rule.points > (rules[current]?.points ?? Number.NEGATIVE_INFINITY)) {
        best[rule.groupIndex] = i;
      }
    }
  }
  const contributions: ProfileContribution[] = [];
  let value = 0;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === undefined || matched[i] !== true) continue;
    if (rule.groupIndex >= 0 && best?.[rule.groupIndex] !== i) continue;
    value += rule.points;
    contributions.push(
      rule.group === undefined
        ? { kind: 'profile', rule: rule.name, points: rule.points }
        : { kind: 'profile', rule: rule.name, points: rule.points, group: rule.group },
    );
  }
  return { value, contributions };
}
