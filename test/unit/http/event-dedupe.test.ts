import { describe, expect, it } from 'vitest';
import { createEventDedupe } from '../../../src/http/event-dedupe.ts';

describe('event dedupe', () => {
  it('claims each id once, forgets released ids, expires old ones and stays bounded', () => {
    let now = 0;
    const dedupe = createEventDedupe({ clock: () => new Date(now), ttlMs: 1_000, max: 3 });
    expect(dedupe.claim(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(dedupe.claim(['a', 'c'])).toEqual(['c']);
    dedupe.release(['c']);
    expect(dedupe.claim(['c'])).toEqual(['c']);
    now = 2_000;
    expect(dedupe.claim(['a'])).toEqual(['a']);
    expect(dedupe.claim(['d', 'e', 'f', 'g'])).toEqual(['d', 'e', 'f', 'g']);
    expect(dedupe.claim(['a'])).toEqual(['a']);
  });
});
