/**
 * A small seeded PRNG (mulberry32) with the few draws the sandbox generator and model suggest need. Same
 * seed, same sequence, on every platform: the sandbox's "same seed, same data" and a suggestion's
 * repeatable evidence rest on this, so nothing here may use Math.random.
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    // Mix both 32-bit halves once so nearby seeds (1, 2, 3) do not start on correlated sequences.
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    this.#state = Math.imul(low ^ Math.imul(high, 0x27d4eb2f) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Standard normal draw (Box-Muller; one of the pair is dropped, which keeps the state simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal draw: the long tail of company sizes, deal sizes and engagement. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson draw: Knuth's product method for small means, a rounded normal above 30 (cheap and close). */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit && k < 1000) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  /** Exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/**
 * A weighted choice table built once and drawn from many times (binary search over cumulative weights),
 * so drawing a title or an industry costs one random number and no allocation.
 */
export class WeightedTable<T> {
  readonly #items: readonly T[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.#items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.#cumulative[i] = sum;
    });
    this.#total = sum;
  }

  draw(rng: Prng): T {
    const target = rng.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    const item = this.#items[lo];
    if (item === undefined) throw new RangeError('weighted table out of range');
    return item;
  }
}
