/**
 * The implicit (engagement) score at time `now`, computed exactly: an activity counts for every rule it
 * matches, worth `points × 0.5^(ageDays / halfLifeDays)`. `maxOccurrences` keeps a rule's most recent
 * occurrences, `maxPoints` caps the size of its decayed sum, `withinDays` ignores older activities.
 * Activities after `now` (or with an unreadable time) do not count, so a backtest at a past date sees only
 * what had happened by then. This is the hot loop of a rescore: matches go to reused typed arrays (the
 * only allocations are the result's), the decay factor is computed once per activity, and no date is
 * parsed when `occurredAtMs` is given.
 */
import type { CompiledEngagementRule } from './compile-engagement.ts';
import type { CompiledModel } from './compile-model.ts';
import type { EngagementContribution, ScoringActivity } from './types.ts';

export interface EngagementResult {
  /** Unrounded: the exact sum of `contributions[].value`, in order. */
  readonly value: number;
  readonly contributions: EngagementContribution[];
}

/**
 * Reusable buffers for one model's matches: (rule, time, decayed value) triples in activity order, and per
 * rule counts and sums. Reused across calls so a rescore allocates only the result arrays. Scoring is
 * synchronous and calls nothing that could re-enter it, so one buffer per model is safe.
 */
export class MatchBuffer {
  rule: Int32Array;
  time: Float64Array;
  value: Float64Array;
  readonly count: Int32Array;
  readonly sum: Float64Array;

  constructor(ruleCount: number, capacity = 256) {
    this.rule = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.count = new Int32Array(ruleCount);
    this.sum = new Float64Array(ruleCount);
  }

  /** Room for `needed` matches, keeping what is stored. */
  ensure(needed: number): void {
    if (needed <= this.rule.length) return;
    const size = Math.max(needed, this.rule.length * 2);
    const rule = new Int32Array(size);
    const time = new Float64Array(size);
    const value = new Float64Array(size);
    rule.set(this.rule);
    time.set(this.time);
    value.set(this.value);
    this.rule = rule;
    this.time = time;
    this.value = value;
  }
}

/** A rule's occurrences, in activity order; `maxOccurrences` keeps the most recent, most recent first. */
function occurrences(
  buffer: MatchBuffer,
  matches: number,
  r: number,
  max: number,
): [number[], number[], number] {
  const n = buffer.count[r] ?? 0;
  const times = new Array<number>(n);
  const values = new Array<number>(n);
  let k = 0;
  for (let m = 0; m < matches && k < n; m++) {
    if (buffer.rule[m] !== r) continue;
    times[k] = buffer.time[m] ?? 0;
    values[k] = buffer.value[m] ?? 0;
    k++;
  }
  if (n <= max) return [times, values, buffer.sum[r] ?? 0];
  const order = times.map((_, i) => i).sort((a, b) => (times[b] ?? 0) - (times[a] ?? 0));
  const keptTimes: number[] = [];
  const keptValues: number[] = [];
  let sum = 0;
  for (const i of order.slice(0, max)) {
    keptTimes.push(times[i] ?? 0);
    keptValues.push(values[i] ?? 0);
    sum += values[i] ?? 0;
  }
  return [keptTimes, keptValues, sum];
}

function toContribution(
  rule: CompiledEngagementRule,
  buffer: MatchBuffer,
  matches: number,
): EngagementContribution {
  const [times, values, sum] = occurrences(buffer, matches, rule.index, rule.maxOccurrences);
  const capped = Math.abs(sum) > rule.maxPoints;
  return {
    kind: 'engagement',
    rule: rule.name,
    points: rule.points,
    value: capped ? (sum < 0 ? -rule.maxPoints : rule.maxPoints) : sum,
    uncapped: sum,
    capped,
    occurredAtMs: times,
    decayed: values,
  };
}

export function scoreEngagement(
  model: CompiledModel,
  activities: readonly ScoringActivity[],
  nowMs: number,
): EngagementResult {
  const buffer = model.matchBuffer;
  buffer.count.fill(0);
  buffer.sum.fill(0);
  buffer.ensure(activities.length * model.maxRulesPerType);
  const { rule: matchRule, time: matchTime, value: matchValue, count, sum } = buffer;
  const halfLifeMs = model.halfLifeMs;
  const byType = model.engagementByType;
  let matches = 0;
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
      matchRule[matches] = rule.index;
      matchTime[matches] = at;
      matchValue[matches] = value;
      matches++;
      count[rule.index] = (count[rule.index] ?? 0) + 1;
      sum[rule.index] = (sum[rule.index] ?? 0) + value;
    }
  }
  const contributions: EngagementContribution[] = [];
  let value = 0;
  const rules = model.engagementRules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    if (rule === undefined || count[r] === 0) continue;
    const contribution = toContribution(rule, buffer, matches);
    value += contribution.value;
    contributions.push(contribution);
  }
  return { value, contributions };
}
