import { describe, expect, it } from 'vitest';
import { fileOf, summarise } from '../../bench/profile-summary.ts';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('profile-summary', () => {
  it.each([
    ['file:///work/main/src/state/sqlite/rows.ts', 'src/state/sqlite/rows.ts'],
    ['file:///work/main/node_modules/zod/v4/core/schemas.js', 'npm:zod'],
    ['file:///work/main/node_modules/@hubspot/api-client/lib/x.js', 'npm:@hubspot/api-client'],
    ['node:internal/streams/writable', 'node:internal/streams/writable'],
    ['', '(native)'],
  ])('names %s as %s', (url, name) => expect(fileOf(url)).toBe(name));

  it('adds self time per function and file, and counts a recursive function once per sample inclusively', () => {
    // root -> a -> a (recursion) -> b; samples: b, a (inner), a (outer).
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('a', 'file:///r/src/a.ts'), children: [3] },
        { id: 3, callFrame: frame('a', 'file:///r/src/a.ts'), children: [4] },
        { id: 4, callFrame: frame('b', 'file:///r/src/b.ts') },
      ],
      samples: [4, 3, 2],
      timeDeltas: [1000, 2000, 3000],
    };
    const s = summarise(profile, 10);
    expect(s.allMs).toBe(6);
    expect(s.byFunction.map((e) => [e.key, e.ms])).toEqual([
      ['a src/a.ts:1', 5],
      ['b src/b.ts:1', 1],
    ]);
    expect(s.byFile.map((e) => [e.key, e.share])).toEqual([
      ['src/a.ts', 5 / 6],
      ['src/b.ts', 1 / 6],
    ]);
    expect(Object.fromEntries(s.inclusive.map((e) => [e.key, e.ms]))).toEqual({
      '(root)': 6,
      'a src/a.ts:1': 6,
      'b src/b.ts:1': 1,
    });
  });
});
