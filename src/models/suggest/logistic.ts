/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares).
 * Lead models have tens of features and thousands of people, so each step solves the d×d Hessian exactly
 * (Cholesky) and the fit converges in a handful of steps to the one optimum, with no learning rate to tune
 * (what a gradient-descent fit with a fixed step count, as `ml-logistic-regression` does, cannot promise).
 * The intercept is not penalised; the coefficients are pulled towards `prior` (0 by default).
 */
import { LeadloopError } from '../../lib/errors.ts';

export interface LogisticOptions {
  /** L2 penalty on the coefficients (not the intercept); 0 is plain maximum likelihood. */
  readonly l2?: number;
  /**
   * Where the penalty pulls each coefficient (default 0): with the current model's weights here, a weight
   * moves only as far as the evidence takes it, and a rule nobody matched keeps its weight.
   */
  readonly prior?: readonly number[];
  readonly maxIterations?: number;
  /** Converged when no parameter moves more than this in a step. */
  readonly tolerance?: number;
}

export interface LogisticFit {
  readonly intercept: number;
  readonly coefficients: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Penalised log-likelihood at the fit. */
  readonly logLikelihood: number;
}

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function linear(row: ArrayLike<number>, beta: Float64Array): number {
  let z = beta[0] ?? 0;
  for (let j = 0; j < row.length; j++) z += (beta[j + 1] ?? 0) * (row[j] ?? 0);
  return z;
}

function penalisedLogLikelihood(
  x: readonly ArrayLike<number>[],
  y: readonly number[],
  beta: Float64Array,
  l2: number,
  prior: readonly number[],
): number {
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const z = linear(x[i] ?? [], beta);
    ll += (y[i] ?? 0) * z - softplus(z);
  }
  let penalty = 0;
  for (let j = 1; j < beta.length; j++) penalty += ((beta[j] ?? 0) - (prior[j - 1] ?? 0)) ** 2;
  return ll - (l2 / 2) * penalty;
}

/** Solves A·x = b for a symmetric positive definite A (row-major, n×n) by Cholesky; null when A is not SPD. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) {
        if (!(sum > 1e-12)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / (l[j * n + j] ?? 1);
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (l[i * n + i] ?? 1);
  }
  const out = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] ?? 0) * (out[k] ?? 0);
    out[i] = sum / (l[i * n + i] ?? 1);
  }
  return out;
}

/**
 * Fits `P(y = 1 | x) = sigmoid(intercept + coefficients · x)`. `x` holds one row per example, all of the
 * same length; `y` is 0 or 1. Throws a typed error on mismatched input or when the problem is singular
 * (no penalty and collinear features, or perfectly separated classes): pass `l2 > 0` for those.
 */
export function fitLogistic(
  x: readonly ArrayLike<number>[],
  y: readonly number[],
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 0;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  if (x.length !== y.length) {
    throw new LeadloopError('FIT_INPUT', `fitLogistic: ${x.length} rows but ${y.length} labels`);
  }
  const d = x[0]?.length ?? 0;
  const prior = options.prior ?? [];
  if (prior.length !== 0 && prior.length !== d) {
    throw new LeadloopError('FIT_INPUT', `fitLogistic: ${prior.length} prior weights for ${d} features`);
  }
  x.forEach((row, i) => {
    if (row.length !== d) {
      throw new LeadloopError(
        'FIT_INPUT',
        `fitLogistic: row ${i} has ${row.length} features, row 0 has ${d}`,
      );
    }
    const label = y[i];
    if (label !== 0 && label !== 1) {
      throw new LeadloopError('FIT_INPUT', `fitLogistic: label ${i} is ${String(label)}, expected 0 or 1`);
    }
  });
  const p = d + 1;
  const beta = new Float64Array(p);
  beta.set(prior, 1);
  let ll = penalisedLogLikelihood(x, y, beta, l2, prior);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    for (let i = 0; i < x.length; i++) {
      const row = x[i] ?? [];
      const mu = sigmoid(linear(row, beta));
      const w = mu * (1 - mu);
      const residual = (y[i] ?? 0) - mu;
      for (let a = 0; a < p; a++) {
        const xa = a === 0 ? 1 : (row[a - 1] ?? 0);
        if (xa === 0) continue;
        gradient[a] = (gradient[a] ?? 0) + xa * residual;
        for (let b = 0; b <= a; b++) {
          const xb = b === 0 ? 1 : (row[b - 1] ?? 0);
          hessian[a * p + b] = (hessian[a * p + b] ?? 0) + w * xa * xb;
        }
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b] ?? 0;
      if (a > 0) {
        gradient[a] = (gradient[a] ?? 0) - l2 * ((beta[a] ?? 0) - (prior[a - 1] ?? 0));
        hessian[a * p + a] = (hessian[a * p + a] ?? 0) + l2;
      }
    }
    const step = solveSpd(hessian, gradient, p);
    if (step === null) {
      throw new LeadloopError(
        'FIT_SINGULAR',
        'fitLogistic: the problem is singular (collinear features or separated classes); use an L2 penalty',
        { rows: x.length, features: d, iteration },
      );
    }
    // Newton's step can overshoot far from the optimum: halve it until the likelihood does not fall.
    let scale = 1;
    let next = beta.map((v, j) => v + (step[j] ?? 0));
    let nextLl = penalisedLogLikelihood(x, y, next, l2, prior);
    while (nextLl < ll - 1e-12 && scale > 1e-6) {
      scale /= 2;
      next = beta.map((v, j) => v + scale * (step[j] ?? 0));
      nextLl = penalisedLogLikelihood(x, y, next, l2, prior);
    }
    let moved = 0;
    for (let j = 0; j < p; j++) moved = Math.max(moved, Math.abs((next[j] ?? 0) - (beta[j] ?? 0)));
    beta.set(next);
    ll = nextLl;
    if (moved < tolerance) {
      return {
        intercept: beta[0] ?? 0,
        coefficients: [...beta.subarray(1)],
        iterations: iteration,
        converged: true,
        logLikelihood: ll,
      };
    }
  }
  return {
    intercept: beta[0] ?? 0,
    coefficients: [...beta.subarray(1)],
    iterations: maxIterations,
    converged: false,
    logLikelihood: ll,
  };
}
