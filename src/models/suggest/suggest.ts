/**
 * `leadloop model suggest`, the pure part: from people with known outcomes, fit the weights of the
 * current model's rules (and of buckets of fields it does not read) on a training split, turn them into
 * points on the model's scale, and judge the candidate against the current model on people it never saw.
 * It never touches the live model: the result is a candidate to backtest and shadow.
 */
import { roundHalfAwayFromZero } from '../../scoring/grade.ts';
import type { BacktestRecord } from '../../scoring/backtest.ts';
import type { ScoringConfig } from '../../scoring/schema.ts';
import type { Feature } from './features.ts';
import { LeadloopError } from '../../lib/errors.ts';
import { bucketTest, discoverBuckets } from './buckets.ts';
import type { Bucket } from './buckets.ts';
import { buildCandidate } from './candidate.ts';
import type { PointChange } from './candidate.ts';
import { evaluateTotals, modelTotals } from './evaluate.ts';
import { pairedAucInterval, type AucInterval } from './auc-interval.ts';
import type { ModelEvaluation } from './evaluate.ts';
import { featureSpace } from './features.ts';
import { labelRecords } from './labels.ts';
import type { LabelledPerson, SuggestOutcome } from './labels.ts';
import { fitLogistic } from './logistic.ts';
import { pointFields } from './point-fields.ts';
import { currentPointsPerLogOdd, pointsPerLogOdd } from './scale.ts';
import { splitByHash } from './split.ts';

export interface SuggestOptions {
  readonly outcome?: SuggestOutcome;
  /** Share of people held out for validation (default 0.3). */
  readonly heldOutShare?: number;
  /** L2 penalty of the fit (default 1), towards the current weights: keeps rare rules where they are. */
  readonly l2?: number;
  /** Field prefixes never tried as new signal (leadloop's own output fields). */
  readonly excludePrefixes?: readonly string[];
  /** Needed to fit: at least this many good and this many other outcomes in training (default 10). */
  readonly minPerClass?: number;
  readonly modelVersion?: string;
}

export interface SplitCounts {
  readonly people: number;
  readonly good: number;
}

export interface NewSignal {
  readonly rule: string;
  readonly bucket: Bucket;
  readonly points: number;
  /** Held-out people in the bucket and their rate of good outcomes (null when none are). */
  readonly heldOut: { readonly people: number; readonly rate: number | null };
}

export interface SuggestReport {
  readonly outcome: SuggestOutcome;
  readonly records: number;
  /** Records left out: outcome not known yet / disqualified by the current model. */
  readonly unknown: number;
  readonly disqualified: number;
  readonly train: SplitCounts;
  readonly heldOut: SplitCounts & { readonly baseRate: number | null };
  readonly fit: {
    readonly features: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly l2: number;
    readonly pointsPerLogOdd: number;
    /** `current model`: the factor the current totals imply on these outcomes; `spread`: the fallback. */
    readonly scaleFrom: 'current model' | 'spread';
  };
  readonly current: ModelEvaluation;
  readonly suggested: ModelEvaluation;
  /** Paired bootstrap of both held-out AUCs and their gain (null when the held-out people cannot tell). */
  readonly aucInterval: AucInterval | null;
  /** Every rule's points, biggest change first. */
  readonly changes: readonly PointChange[];
  readonly newSignals: readonly NewSignal[];
  readonly candidate: ScoringConfig;
}

/** What the current model gives a rule feature: its points (for an engagement rule, per occurrence). */
function currentPoints(config: ScoringConfig, feature: Feature): number {
  if (feature.kind === 'profile')
    return config.profile.rules.find((r) => r.name === feature.rule)?.points ?? 0;
  if (feature.kind === 'engagement') return feature.points;
  return 0;
}

const counts = (people: readonly LabelledPerson[]): SplitCounts => ({
  people: people.length,
  good: people.filter((p) => p.label === 1).length,
});

export function suggestModel(
  records: Iterable<BacktestRecord>,
  current: ScoringConfig,
  options: SuggestOptions = {},
): SuggestReport {
  const outcome = options.outcome ?? 'SQL';
  const l2 = options.l2 ?? 1;
  const minPerClass = options.minPerClass ?? 10;
  const all = [...records];
  const labelled = labelRecords(all, current, outcome);
  const { train, heldOut } = splitByHash(labelled.people, options.heldOutShare ?? 0.3);
  const trainCounts = counts(train);
  if (trainCounts.good < minPerClass || trainCounts.people - trainCounts.good < minPerClass) {
    throw new LeadloopError(
      'SUGGEST_TOO_FEW_OUTCOMES',
      `too few known outcomes to fit: the training split has ${trainCounts.good} good (${outcome}) and ` +
        `${trainCounts.people - trainCounts.good} other outcomes, at least ${minPerClass} of each are needed`,
      { records: all.length, unknown: labelled.unknown, disqualified: labelled.disqualified, outcome },
    );
  }
  const buckets = discoverBuckets(
    train.map((p) => p.person.fields),
    { exclude: pointFields(current), excludePrefixes: options.excludePrefixes ?? [] },
  );
  const space = featureSpace(current, buckets);
  const x = train.map((p) => space.featurize(p.person, p.at));
  const y = train.map((p) => p.label);
  const currentTotals = modelTotals(current, train);
  const calibrated = currentPointsPerLogOdd(currentTotals, y);
  // The penalty pulls each rule towards its current points (new buckets towards 0): the evidence has
  // to move a weight, and a rule too rare to judge keeps what the admin gave it.
  const prior = space.features.map((f) =>
    calibrated === null || f.kind === 'bucket' ? 0 : currentPoints(current, f) / calibrated,
  );
  const fit = fitLogistic(x, y, { l2, prior });
  const logOdds = x.map((row) => row.reduce((s, v, j) => s + v * (fit.coefficients[j] ?? 0), 0));
  const scale = calibrated ?? pointsPerLogOdd(currentTotals, logOdds);
  const points = fit.coefficients.map((c) => roundHalfAwayFromZero(c * scale));
  const candidate = buildCandidate(current, space.features, points, train, {
    modelVersion: options.modelVersion ?? `${current.modelVersion}-suggested`,
  });
  const heldOutCounts = counts(heldOut);
  const heldOutLabels = heldOut.map((p) => p.label);
  const currentHeldOut = modelTotals(current, heldOut);
  const suggestedHeldOut = modelTotals(candidate.config, heldOut);
  const newSignals = candidate.newRules.map((r): NewSignal => {
    const test = bucketTest(r.bucket);
    const inBucket = heldOut.filter((p) => test(p.person.fields));
    const good = inBucket.filter((p) => p.label === 1).length;
    return {
      ...r,
      heldOut: { people: inBucket.length, rate: inBucket.length === 0 ? null : good / inBucket.length },
    };
  });
  return {
    outcome,
    records: all.length,
    unknown: labelled.unknown,
    disqualified: labelled.disqualified,
    train: trainCounts,
    heldOut: {
      ...heldOutCounts,
      baseRate: heldOutCounts.people === 0 ? null : heldOutCounts.good / heldOutCounts.people,
    },
    fit: {
      features: space.features.length,
      iterations: fit.iterations,
      converged: fit.converged,
      l2,
      pointsPerLogOdd: scale,
      scaleFrom: calibrated === null ? 'spread' : 'current model',
    },
    current: evaluateTotals(current.modelVersion, currentHeldOut, heldOutLabels),
    suggested: evaluateTotals(candidate.config.modelVersion, suggestedHeldOut, heldOutLabels),
    aucInterval: pairedAucInterval(currentHeldOut, suggestedHeldOut, heldOutLabels),
    changes: [...candidate.changes].sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from)),
    newSignals,
    candidate: candidate.config,
  };
}
