/**
 * The implicit (engagement) score at time `now`, computed exactly: an activity counts for every rule it
 * matches, worth `points × 0.5^(ageDays / halfLifeDays)`. `maxOccurrences` keeps a rule's most recent
 * occurrences, `maxPoints` caps the size of its decayed sum, `withinDays` ignores older activities.
 * Activities after `now` (or with an unreadable time) do not count, so a backtest at a past date sees only
 * what had happened by then. This is the hot loop of a rescore: no allocation per activity beyond the
 * per-rule occurrence lists, the decay factor computed once per activity, and no date parsing when
 * `occurredAtMs` is given.
 */
import type { CompiledEngagementRule } from './compile-engagement.ts';
import type { CompiledModel } from './compile-model.ts';
import type { EngagementContribution, ScoringActivity } from './types.ts';

export interface EngagementResult {
  /** Unrounded: the exact sum of `contributions[].value`, in order. */
  readonly value: number;
  readonly contributions: EngagementContribution[];
}

interface Occurrences {
  times: number[];
  values: number[];
  sum: number;
}

/** Keeps the `max` most recent occurrences, most recent first, and recomputes their sum. */
function keepMostRecent(occ: Occurrences, max: number): Occurrences {
  const order = occ.times.map((_, i) => i).sort((a, b) => (occ.times[b] ?? 0) - (occ.times[a] ?? 0));
  const kept: Occurrences = { times: [], values: [], sum: 0 };
  for (const i of order.slice(0, max)) {
    const value = occ.values[i] ?? 0;
    kept.times.push(occ.times[i] ?? 0);
    kept.values.push(value);
    kept.sum += value;
  }
  return kept;
}

function toContribution(rule: CompiledEngagementRule, found: Occurrences): EngagementContribution {
  const occ = found.times.length > rule.maxOccurrences ? keepMostRecent(found, rule.maxOccurrences) : found;
  const capped = Math.abs(occ.sum) > rule.maxPoints;
  const value = capped ? (occ.sum < 0 ? -rule.maxPoints : rule.maxPoints) : occ.sum;
  return {
    kind: 'engagement',
    rule: rule.name,
    points: rule.points,
    value,
    uncapped: occ.sum,
    capped,
    occurredAtMs: occ.times,
    decayed: occ.values,
  };
}

export function scoreEngagement(
  model: CompiledModel,
  activities: readonly ScoringActivity[],
  nowMs: number,
): EngagementResult {
  const found: (Occurrences | undefined)[] = new Array<Occurrences | undefined>(model.engagementRules.length);
  const halfLifeMs = model.halfLifeMs;
  const byType = model.engagementByType;
  for (let i = 0; i < activities.length; i++) {
    const activity = activities[i];
    if (activity === undefined) continue;
    const rules = byType[activity.type];
    if (rules === undefined || rules.length === 0) continue;
    const at =
      activity.occurredAtMs ?? (activity.occurredAt == null ? Number.NaN : Date.parse(activity.occurredAt));
    const age = nowMs - at;
    if (!(age >= 0)) continue;
    let factor = -1;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (rule === undefined || age > rule.withinMs) continue;
      if (rule.test !== null && !rule.test(activity)) continue;
      if (factor < 0) factor = Math.pow(0.5, age / halfLifeMs);
      const value = rule.points * factor;
      let occ = found[rule.index];
      if (occ === undefined) {
        occ = { times: [], values: [], sum: 0 };
        found[rule.index] = occ;
      }
      occ.times.push(at);
      occ.values.push(value);
      occ.sum += value;
    }
  }
  const contributions: EngagementContribution[] = [];
  let value = 0;
  const rules = model.engagementRules;
  for (let r = 0; r < rules.length; r++) {
    const occ = found[r];
    const rule = rules[r];
    if (occ === undefined || rule === undefined) continue;
    const contribution = toContribution(rule, occ);
    value += contribution.value;
    contributions.push(contribution);
  }
  return { value, contributions };
}
