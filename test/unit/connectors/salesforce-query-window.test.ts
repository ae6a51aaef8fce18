import { describe, expect, it } from 'vitest';
import {
  afterTimeout,
  afterWindow,
  initialWindow,
  MAX_TIMEOUTS_PER_PULL,
  narrowedSize,
  NARROWEST_RETRIES,
  NARROWEST_WINDOW_MS,
  rememberedSize,
  WIDEN_AFTER_WINDOWS,
  widenedSize,
  windowEnd,
} from '../../../connectors/salesforce/query-window.ts';

const T0 = Date.parse('2026-02-01T00:00:00.000Z');
const DAY = 86_400_000;

describe('Salesforce QUERY_TIMEOUT windows', () => {
  it.each([
    ['no size yet: the whole rest up to the signpost', T0, T0 + 10 * DAY, undefined, T0 + 10 * DAY],
    ['a size: that far past what is covered', T0, T0 + 10 * DAY, DAY, T0 + DAY],
    ['a size reaching past the signpost: the signpost', T0, T0 + DAY, 3 * DAY, T0 + DAY],
  ])('windowEnd, %s', (_name, covered, signpost, size, end) => {
    expect(windowEnd(covered, signpost, size)).toBe(end);
  });

  it.each([
    ['a day halves to 12 hours', T0, T0 + DAY, DAY / 2],
    ['an odd number of seconds halves up to whole seconds', T0, T0 + 5000, 3000],
    ['two seconds halve to the narrowest, one second', T0, T0 + 2000, NARROWEST_WINDOW_MS],
    ['one second is the narrowest: nothing narrower', T0, T0 + 1000, null],
    ['a window ending at its start (ties at one stamp): nothing narrower', T0, T0, null],
  ])('narrowedSize, %s', (_name, covered, end, size) => {
    expect(narrowedSize(covered, end)).toBe(size);
  });

  it('halving reaches the narrowest window in a bounded number of steps, and every step is narrower', () => {
    let size = 35 * 365 * DAY;
    let steps = 0;
    for (let next = narrowedSize(T0, T0 + size); next !== null; next = narrowedSize(T0, T0 + size)) {
      expect(next).toBeLessThan(size);
      size = next;
      steps++;
    }
    expect(size).toBe(NARROWEST_WINDOW_MS);
    expect(steps).toBeLessThanOrEqual(40);
  });

  it('an empty window doubles the next one', () => {
    expect(widenedSize(NARROWEST_WINDOW_MS)).toBe(2 * NARROWEST_WINDOW_MS);
    expect(widenedSize(DAY)).toBe(2 * DAY);
  });

  it('afterTimeout: a wide window narrows to half, the narrowest is resent a few times, then exhausted', () => {
    const wide = afterTimeout(initialWindow(null), T0, T0 + DAY);
    expect(wide).toEqual({
      state: { coveredMs: T0, sizeMs: DAY / 2, timeouts: 1, narrowestRetries: 0, readThrough: 0 },
    });
    let state = initialWindow(T0, NARROWEST_WINDOW_MS);
    for (let i = 1; i <= NARROWEST_RETRIES; i++) {
      const step = afterTimeout(state, T0, T0 + NARROWEST_WINDOW_MS);
      if (!('state' in step)) throw new Error('exhausted too early');
      expect(step.state).toMatchObject({ sizeMs: NARROWEST_WINDOW_MS, narrowestRetries: i, timeouts: i });
      state = step.state;
    }
    expect(afterTimeout(state, T0, T0 + NARROWEST_WINDOW_MS)).toEqual({
      exhausted: { timeouts: NARROWEST_RETRIES + 1 },
    });
  });

  it('afterTimeout: past the timeouts one pull absorbs, even a window that could narrow is exhausted', () => {
    const state = { ...initialWindow(T0, DAY), timeouts: MAX_TIMEOUTS_PER_PULL };
    expect(afterTimeout(state, T0, T0 + DAY)).toEqual({ exhausted: { timeouts: MAX_TIMEOUTS_PER_PULL + 1 } });
  });

  it.each([
    ['the window reached the signpost: done', T0 + DAY, 5, null],
    [
      'rows in it: the next window keeps its size',
      T0 + 1000,
      5,
      { coveredMs: T0 + 1000, sizeMs: 1000, readThrough: 1 },
    ],
    [
      'no row in it: the next window doubles',
      T0 + 1000,
      0,
      { coveredMs: T0 + 1000, sizeMs: 2000, readThrough: 0 },
    ],
  ])('afterWindow, %s', (_name, end, rows, next) => {
    const state = { ...initialWindow(T0, 1000), narrowestRetries: 1 };
    const after = afterWindow(state, end, T0 + DAY, rows);
    if (next === null) expect(after).toBeNull();
    else expect(after).toEqual({ ...state, ...next, narrowestRetries: 0 });
  });

  it('afterWindow: a pull that never timed out is one query over the whole range', () => {
    expect(afterWindow(initialWindow(T0), T0 + DAY, T0 + DAY, 0)).toBeNull();
  });

  it('afterWindow: windows read through in a row double the size every WIDEN_AFTER_WINDOWS, a timeout starts the count again', () => {
    let state = initialWindow(T0, 1000);
    const sizes: (number | undefined)[] = [];
    for (let i = 1; i <= 2 * WIDEN_AFTER_WINDOWS; i++) {
      const next = afterWindow(state, (state.coveredMs ?? T0) + (state.sizeMs ?? 0), T0 + DAY, 5);
      if (next === null) throw new Error('reached the signpost');
      state = next;
      sizes.push(state.sizeMs);
    }
    const once = Array<number>(WIDEN_AFTER_WINDOWS - 1).fill(1000);
    const twice = Array<number>(WIDEN_AFTER_WINDOWS - 1).fill(2000);
    expect(sizes).toEqual([...once, 2000, ...twice, 4000]);
    const covered = state.coveredMs ?? T0;
    const step = afterTimeout(state, covered, covered + 4000);
    if (!('state' in step)) throw new Error('exhausted');
    expect(step.state).toMatchObject({ sizeMs: 2000, readThrough: 0 });
  });

  it.each([
    ['never timed out: nothing to remember (one query next run)', initialWindow(T0), 5, undefined],
    ['narrowed, last window had rows: the size it ended on', initialWindow(T0, 8000), 5, 8000],
    ['narrowed, last window empty: one step wider', initialWindow(T0, 8000), 0, 16_000],
    [
      'narrowed, the last of a run of windows read through: one step wider',
      { ...initialWindow(T0, 8000), readThrough: WIDEN_AFTER_WINDOWS - 1 },
      5,
      16_000,
    ],
  ])('rememberedSize, %s', (_name, state, rows, size) => {
    expect(rememberedSize(state, rows)).toBe(size);
  });
});
