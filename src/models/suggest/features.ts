/**
 * The features a suggestion is fitted on, read through the model's own scoring code so a fitted weight means
 * exactly what a rule's points mean: one indicator per profile rule (it counts for the person, as the
 * current model's best-match groups decide), one value per engagement rule (its decayed, capped sum at the
 * scoring time in units of its points, so new points × feature is what the rule would add), and one
 * indicator per bucket of a field the model does not read yet.
 */
import type { Predicate } from '../../scoring/compile-condition.ts';
import type { CompiledModel } from '../../scoring/compile-model.ts';
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

export function featureSpace(model: CompiledModel, buckets: readonly Bucket[]): FeatureSpace {
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
    for (const c of scoreEngagement(model, person.activities, at.getTime()).contributions) {
      const i = engagementIndex.get(c.rule);
      // A 0-point rule adds nothing whatever its weight, so it has no occurrences to learn from.
      if (i !== undefined && c.points !== 0) row[i] = c.value / c.points;
    }
    tests.forEach((test, k) => {
      if (test(person.fields)) row[bucketOffset + k] = 1;
    });
    return row;
  };
  return { features, featurize };
}
