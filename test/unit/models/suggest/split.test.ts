import { describe, expect, it } from 'vitest';
import { fnv1a, isHeldOut, splitByHash } from '../../../../src/models/suggest/split.ts';

describe('split by hash', () => {
  it('hashes with 32-bit FNV-1a', () => {
    // Published FNV-1a test vectors.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('puts a person on the same side whatever else is split and in which order', () => {
    const ids = Array.from({ length: 500 }, (_, i) => ({ id: `p_${i}` }));
    const first = splitByHash(ids, 0.3);
    const reversed = splitByHash([...ids].reverse(), 0.3);
    const grown = splitByHash([...ids, ...Array.from({ length: 500 }, (_, i) => ({ id: `q_${i}` }))], 0.3);
    const heldOut = new Set(first.heldOut.map((p) => p.id));
    expect(new Set(reversed.heldOut.map((p) => p.id))).toEqual(heldOut);
    expect(grown.heldOut.filter((p) => p.id.startsWith('p_')).map((p) => p.id)).toEqual([...heldOut]);
  });

  it('holds out about the share asked for', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => ({ id: `person-${i}` }));
    const { train, heldOut } = splitByHash(ids, 0.3);
    expect(train.length + heldOut.length).toBe(10_000);
    expect(heldOut.length / 10_000).toBeGreaterThan(0.28);
    expect(heldOut.length / 10_000).toBeLessThan(0.32);
  });

  it('holds out nobody at 0 and everybody at 1', () => {
    expect(isHeldOut('x', 0)).toBe(false);
    expect(isHeldOut('x', 1)).toBe(true);
  });
});
