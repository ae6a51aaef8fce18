/**
 * The features a suggestion is fitted on, read through the model's own scoring code so a fitted weight means
 * exactly what a rule's points mean: one indicator per profile rule (it counts for the person, as the
 * current model's best-match groups decide), one value per engagement rule (its decayed, capped sum at the
 * scoring time in units of its points, so new points × feature is what the rule would add), and one
 * indicator per bucket of a field the model does not read yet. Engagement values come from a copy of the
 * model whose rules are worth 1 point each (caps converted to occurrences), so a rule at 0 points still
 * shows its occurrences and can earn points back.
 */
import type { Predicate } from '../../scoring/compile-condition.ts';
import { compileModel } from '../../scoring/compile-model.ts';
import type { EngagementRule, ScoringConfig } from '../../scoring/schema.ts';
import { scoreEngagement } from '../../scoring/engagement.ts';
import { scoreProfile } from '../../scoring/profile.ts';
import type { ScoringPerson } from '../../scoring/types.ts';
import { bucketTest } from './buckets.ts';
import type { Bucket } from './buckets.ts';

export type Feature =
  | { readonly kind: 'profile'; readonly rule: string }
  | { readonly kind: 'engagement'; readonly rule: string; readonly points: number }
  | { readonly kind: 'bucket'; readonly bucket: Bucket };

export interface FeatureSpace {
  readonly features: readonly Feature[];
  readonly featurize: (person: ScoringPerson, at: Date) => Float64Array;
}

function perOccurrence(rule: EngagementRule): EngagementRule {
  const { maxPoints, ...rest } = rule;
  if (maxPoints === undefined || rule.points === 0) return { ...rest, points: 1 };
  return { ...rest, points: 1, maxPoints: maxPoints / Math.abs(rule.points) };
}

export function featureSpace(config: ScoringConfig, buckets: readonly Bucket[]): FeatureSpace {
  const model = compileModel(config);
  const unit = compileModel({
    ...config,
    engagement: { ...config.engagement, rules: config.engagement.rules.map(perOccurrence) },
  });
  const profileIndex = new Map(model.profileRules.map((r, i) => [r.name, i]));
  const engagementOffset = model.profileRules.length;
  const engagementIndex = new Map(model.engagementRules.map((r, i) => [r.name, engagementOffset + i]));
  const bucketOffset = engagementOffset + model.engagementRules.length;
  const tests: readonly Predicate[] = buckets.map(bucketTest);
  const features: Feature[] = [
    ...model.profileRules.map((r): Feature => ({ kind: 'profile', rule: r.name })),
    ...model.engagementRules.map((r): Feature => ({ kind: 'engagement', rule: r.name, points: r.points })),
    ...buckets.map((bucket): Feature => ({ kind: 'bucket', bucket })),
  ];
  const featurize = (person: ScoringPerson, at: Date): Float64Array => {
    const row = new Float64Array(features.length);
    for (const c of scoreProfile(model, person.fields).contributions) {
      const i = profileIndex.get(c.rule);
      if (i !== undefined) row[i] = 1;
    }
    for (const c of scoreEngagement(unit, person.activities, at.getTime()).contributions) {
      const i = engagementIndex.get(c.rule);
      if (i !== undefined) row[i] = c.value;
    }
    tests.forEach((test, k) => {
      if (test(person.fields)) row[bucketOffset + k] = 1;
    });
    return row;
  };
  return { features, featurize };
}
