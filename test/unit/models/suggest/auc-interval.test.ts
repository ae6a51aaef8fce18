import { describe, expect, it } from 'vitest';
import { pairedAucInterval } from '../../../../src/models/suggest/auc-interval.ts';
import { auc } from '../../../../src/models/suggest/auc.ts';
import { seeded } from './random.ts';

/** 400 people: a label drawn from a signal; `sharp` ranks by the signal, `noisy` by signal plus noise. */
function world(seed: number) {
  const rnd = seeded(seed);
  const labels: number[] = [];
  const sharp: number[] = [];
  const noisy: number[] = [];
  for (let i = 0; i < 400; i++) {
    const signal = rnd();
    labels.push(rnd() < signal ? 1 : 0);
    sharp.push(signal);
    noisy.push(signal + 2 * rnd());
  }
  return { labels, sharp, noisy };
}

describe('paired bootstrap of held-out AUCs', () => {
  it('brackets each AUC and shows a real gain as an interval above 0', () => {
    const { labels, sharp, noisy } = world(7);
    const i = pairedAucInterval(noisy, sharp, labels, { resamples: 300, seed: 3 });
    if (!i) throw new Error('no interval');
    const [cLow, cHigh] = i.current;
    const [sLow, sHigh] = i.suggested;
    expect(cLow).toBeLessThan(auc(noisy, labels) ?? 0);
    expect(cHigh).toBeGreaterThan(auc(noisy, labels) ?? 1);
    expect(sLow).toBeLessThan(auc(sharp, labels) ?? 0);
    expect(sHigh).toBeGreaterThan(auc(sharp, labels) ?? 1);
    expect(i.gain[0]).toBeGreaterThan(0);
    expect(i.suggestedBetter).toBeGreaterThan(0.97);
    expect(i.resamples).toBe(300);
  });

  it('a model against itself: the gain interval is exactly 0 and it is never better', () => {
    const { labels, sharp } = world(8);
    const i = pairedAucInterval(sharp, sharp, labels, { resamples: 50 });
    expect(i?.gain).toEqual([0, 0]);
    expect(i?.suggestedBetter).toBe(0);
  });

  it('two models that differ by noise only: the gain interval straddles 0', () => {
    const rnd = seeded(9);
    const labels = Array.from({ length: 300 }, () => (rnd() < 0.3 ? 1 : 0));
    const a = labels.map((l) => l + 3 * rnd());
    const b = labels.map((l) => l + 3 * rnd());
    const i = pairedAucInterval(a, b, labels, { resamples: 300, seed: 2 });
    expect(i?.gain[0]).toBeLessThan(0);
    expect(i?.gain[1]).toBeGreaterThan(0);
  });

  it('is the same for the same seed, and null when the people cannot tell', () => {
    const { labels, sharp, noisy } = world(10);
    expect(pairedAucInterval(noisy, sharp, labels, { seed: 4 })).toEqual(
      pairedAucInterval(noisy, sharp, labels, { seed: 4 }),
    );
    expect(pairedAucInterval([1, 2, 3], [1, 2, 3], [1, 1, 1])).toBeNull();
    expect(pairedAucInterval([1], [1], [1])).toBeNull();
  });
});
