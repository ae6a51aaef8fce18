/**
 * The candidate model: the current `scoring:` section with every rule's points replaced by its fitted
 * weight on the model's scale, the buckets that carry signal added as profile rules, and the grade, level
 * and hand-off thresholds moved so the same share of people reach each as under the current model (sales
 * gets as many MQLs as before, ranked better). Exceptions, caps, overrides and the MQL cells stay as they are.
 */
import { compileModel } from '../../scoring/compile-model.ts';
import { roundHalfAwayFromZero } from '../../scoring/grade.ts';
import { scorePerson } from '../../scoring/score-person.ts';
import { ScoringConfig } from '../../scoring/schema.ts';
import type { EngagementRule, ProfileRule } from '../../scoring/schema.ts';
import type { ScoringPerson } from '../../scoring/types.ts';
import { LeadloopError } from '../../lib/errors.ts';
import { bucketCondition, describeBucket } from './buckets.ts';
import type { Bucket } from './buckets.ts';
import type { Feature } from './features.ts';
import { shareAtLeast, thresholdForShare } from './scale.ts';

export interface PointChange {
  readonly kind: 'profile' | 'engagement';
  readonly rule: string;
  readonly from: number;
  readonly to: number;
}

export interface NewRule {
  readonly rule: string;
  readonly bucket: Bucket;
  readonly points: number;
}

export interface CandidateOptions {
  readonly modelVersion: string;
  /** A bucket becomes a rule only when its points reach this size (default 5). */
  readonly minNewRulePoints?: number;
}

export interface Candidate {
  readonly config: ScoringConfig;
  readonly changes: readonly PointChange[];
  readonly newRules: readonly NewRule[];
}

const newRuleName = (bucket: Bucket): string => `Suggested: ${describeBucket(bucket)}`;

function withPoints(rule: EngagementRule, points: number): EngagementRule {
  const { maxPoints, ...rest } = rule;
  // The cap keeps its size in occurrences: 3 × the old points stays 3 × the new ones.
  const scaled =
    maxPoints === undefined || rule.points === 0
      ? undefined
      : roundHalfAwayFromZero((maxPoints * Math.abs(points)) / Math.abs(rule.points));
  return scaled !== undefined && scaled > 0 ? { ...rest, points, maxPoints: scaled } : { ...rest, points };
}

/** The current model with fitted points (thresholds unchanged yet). */
function withFittedPoints(
  current: ScoringConfig,
  features: readonly Feature[],
  points: readonly number[],
  options: CandidateOptions,
): Candidate {
  const minNew = options.minNewRulePoints ?? 5;
  const profile = new Map<string, number>();
  const engagement = new Map<string, number>();
  const newRules: NewRule[] = [];
  features.forEach((feature, i) => {
    const p = points[i] ?? 0;
    if (feature.kind === 'profile') profile.set(feature.rule, p);
    else if (feature.kind === 'engagement') engagement.set(feature.rule, p);
    else if (Math.abs(p) >= minNew)
      newRules.push({ rule: newRuleName(feature.bucket), bucket: feature.bucket, points: p });
  });
  const changes: PointChange[] = [];
  const profileRules: ProfileRule[] = current.profile.rules.map((rule) => {
    const to = profile.get(rule.name) ?? rule.points;
    changes.push({ kind: 'profile', rule: rule.name, from: rule.points, to });
    return { ...rule, points: to };
  });
  const added: ProfileRule[] = newRules.map((r) => ({
    name: r.rule,
    points: r.points,
    ...bucketCondition(r.bucket),
  }));
  const engagementRules = current.engagement.rules.map((rule) => {
    const to = engagement.get(rule.name) ?? rule.points;
    changes.push({ kind: 'engagement', rule: rule.name, from: rule.points, to });
    return withPoints(rule, to);
  });
  const config: ScoringConfig = {
    ...current,
    modelVersion: options.modelVersion,
    profile: { ...current.profile, rules: [...profileRules, ...added] },
    engagement: { ...current.engagement, rules: engagementRules },
  };
  return { config, changes, newRules };
}

/** Thresholds moved so each grade, level and the hand-off threshold keeps the current model's share of `people`. */
function withMatchedShares(
  current: ScoringConfig,
  candidate: ScoringConfig,
  people: readonly { readonly person: ScoringPerson; readonly at: Date }[],
): ScoringConfig {
  const before = compileModel(current);
  const after = compileModel(candidate);
  const old = people.map((p) => scorePerson(before, p.person, p.at));
  const fresh = people.map((p) => scorePerson(after, p.person, p.at));
  const match = (threshold: number, pick: (s: (typeof old)[number]) => number): number =>
    thresholdForShare(fresh.map(pick), shareAtLeast(old.map(pick), threshold));
  const grades = current.profile.grades;
  const levels = current.engagement.levels;
  const total = (s: (typeof old)[number]): number => s.profile + s.engagement;
  const threshold = current.handoff.mqlThreshold;
  return {
    ...candidate,
    profile: {
      ...candidate.profile,
      grades: {
        A: match(grades.A, (s) => s.profile),
        B: match(grades.B, (s) => s.profile),
        C: match(grades.C, (s) => s.profile),
      },
    },
    engagement: {
      ...candidate.engagement,
      levels: {
        '1': match(levels['1'], (s) => s.engagement),
        '2': match(levels['2'], (s) => s.engagement),
        '3': match(levels['3'], (s) => s.engagement),
      },
    },
    handoff:
      threshold === undefined
        ? candidate.handoff
        : { ...candidate.handoff, mqlThreshold: match(threshold, total) },
  };
}

export function buildCandidate(
  current: ScoringConfig,
  features: readonly Feature[],
  points: readonly number[],
  people: readonly { readonly person: ScoringPerson; readonly at: Date }[],
  options: CandidateOptions,
): Candidate {
  const fitted = withFittedPoints(current, features, points, options);
  const config = withMatchedShares(current, fitted.config, people);
  // Re-parse: what is printed must load as a `scoring:` section exactly as written.
  const parsed = ScoringConfig.safeParse(config);
  if (!parsed.success) {
    throw new LeadloopError(
      'SUGGEST_INVALID_MODEL',
      `the suggested model does not validate: ${parsed.error.message}`,
      {
        modelVersion: options.modelVersion,
      },
    );
  }
  return { ...fitted, config: parsed.data };
}
