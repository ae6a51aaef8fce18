/**
 * The implicit (engagement) score at time `now`, computed exactly: an activity counts for every rule it
 * matches, worth `points × 0.5^(ageDays / halfLifeDays)` (the rule's half-life, else the model's; a rule
 * with `decay: none` keeps its full points). `maxOccurrences` keeps a rule's most recent
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
 * rule counts and sums. Reused across calls so a rescore allocates nothing here. Scoring is synchronous and
 * calls nothing that could re-enter it, so one buffer per model is safe.
 */
export class MatchBuffer {
  rule: Int32Array;
  time: Float64Array;
  value: Float64Array;
  taken: Uint8Array;
  readonly count: Int32Array;
  readonly sum: Float64Array;

  constructor(ruleCount: number, capacity = 256) {
    this.rule = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.taken = new Uint8Array(capacity);
    this.count = new Int32Array(ruleCount);
    this.sum = new Float64Array(ruleCount);
  }

  /** Room for `needed` matches (contents are not kept: called before a fill). */
  ensure(needed: number): void {
    if (needed <= this.rule.length) return;
    const size = Math.max(needed, this.rule.length * 2);
    this.rule = new Int32Array(size);
    this.time = new Float64Array(size);
    this.value = new Float64Array(size);
    this.taken = new Uint8Array(size);
  }
}

/** `0.5^(age / halfLife)`; exactly 1 for a rule that does not fade (an infinite half-life). */
const decayFactor = (ageMs: number, halfLifeMs: number): number =>
  halfLifeMs === Number.POSITIVE_INFINITY ? 1 : Math.pow(0.5, ageMs / halfLifeMs);

/** Fills the model's buffer with every (activity, rule) match; returns the number of matches. */
function collectMatches(model: CompiledModel, activities: readonly ScoringActivity[], nowMs: number): number {
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
    if (activity.filtered === true && !model.includeFiltered) continue;
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
      let ruleFactor: number;
      if (rule.halfLifeMs === halfLifeMs) {
        if (factor < 0) factor = Math.pow(0.5, age / halfLifeMs);
        ruleFactor = factor;
      } else ruleFactor = decayFactor(age, rule.halfLifeMs);
      const value = rule.points * ruleFactor;
      matchRule[matches] = rule.index;
      matchTime[matches] = at;
      matchValue[matches] = value;
      matches++;
      count[rule.index] = (count[rule.index] ?? 0) + 1;
      sum[rule.index] = (sum[rule.index] ?? 0) + value;
    }
  }
  return matches;
}

/**
 * The next most recent untaken match of rule `r` (the earliest-listed on a tie), marked taken; -1 when none.
 * Repeated, it visits a rule's matches most recent first, the order `maxOccurrences` keeps them in.
 */
function takeMostRecent(buffer: MatchBuffer, matches: number, r: number): number {
  let best = -1;
  let bestTime = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < matches; m++) {
    if (buffer.rule[m] !== r || buffer.taken[m] === 1) continue;
    const t = buffer.time[m] ?? 0;
    if (best < 0 || t > bestTime) {
      best = m;
      bestTime = t;
    }
  }
  if (best >= 0) buffer.taken[best] = 1;
  return best;
}

/** The rule's decayed sum over its kept occurrences: all of them, or the `maxOccurrences` most recent. */
function keptSum(
  buffer: MatchBuffer,
  matches: number,
  rule: CompiledEngagementRule,
  into?: Occurrences,
): number {
  const r = rule.index;
  if ((buffer.count[r] ?? 0) <= rule.maxOccurrences) return buffer.sum[r] ?? 0;
  let sum = 0;
  for (let k = 0; k < rule.maxOccurrences; k++) {
    const m = takeMostRecent(buffer, matches, r);
    if (m < 0) break;
    sum += buffer.value[m] ?? 0;
    into?.times.push(buffer.time[m] ?? 0);
    into?.values.push(buffer.value[m] ?? 0);
  }
  for (let m = 0; m < matches; m++) if (buffer.rule[m] === r) buffer.taken[m] = 0;
  return sum;
}

/** Every rule's matches as arrays, in activity order, in one pass over the buffer. */
function occurrencesByRule(model: CompiledModel, matches: number): (Occurrences | undefined)[] {
  const buffer = model.matchBuffer;
  const byRule = new Array<Occurrences | undefined>(model.engagementRules.length);
  for (let m = 0; m < matches; m++) {
    const r = buffer.rule[m] ?? 0;
    let occ = byRule[r];
    if (occ === undefined) {
      occ = { times: [], values: [] };
      byRule[r] = occ;
    }
    occ.times.push(buffer.time[m] ?? 0);
    occ.values.push(buffer.value[m] ?? 0);
  }
  return byRule;
}

interface Occurrences {
  readonly times: number[];
  readonly values: number[];
}

const capTo = (sum: number, max: number): number => (Math.abs(sum) > max ? (sum < 0 ? -max : max) : sum);

/** The unrounded engagement score alone: the rescore's fast path, allocating nothing. */
export function engagementValue(
  model: CompiledModel,
  activities: readonly ScoringActivity[],
  nowMs: number,
): number {
  const matches = collectMatches(model, activities, nowMs);
  const { count } = model.matchBuffer;
  let value = 0;
  for (const rule of model.engagementRules) {
    if (count[rule.index] === 0) continue;
    value += capTo(keptSum(model.matchBuffer, matches, rule), rule.maxPoints);
  }
  return value;
}

/** The engagement score with its contributions; the same arithmetic, in the same order, as `engagementValue`. */
export function scoreEngagement(
  model: CompiledModel,
  activities: readonly ScoringActivity[],
  nowMs: number,
): EngagementResult {
  const matches = collectMatches(model, activities, nowMs);
  const byRule = occurrencesByRule(model, matches);
  const contributions: EngagementContribution[] = [];
  let value = 0;
  for (const rule of model.engagementRules) {
    const all = byRule[rule.index];
    if (all === undefined) continue;
    const over = all.times.length > rule.maxOccurrences;
    const occ: Occurrences = over ? { times: [], values: [] } : all;
    const sum = keptSum(model.matchBuffer, matches, rule, over ? occ : undefined);
    const capped = capTo(sum, rule.maxPoints);
    value += capped;
    contributions.push({
      kind: 'engagement',
      rule: rule.name,
      points: rule.points,
      value: capped,
      uncapped: sum,
      capped: capped !== sum,
      occurredAtMs: occ.times,
      decayed: occ.values,
    });
  }
  return { value, contributions };
}
