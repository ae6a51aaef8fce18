import { describe, expect, it } from 'vitest';
import { compareModels, type ShadowedPerson } from '../../../src/models/compare.ts';
import { formatCompare } from '../../../src/models/format-compare.ts';
import type { ShadowSide } from '../../../src/models/shadow-entry.ts';
import type { StageKey } from '../../../src/stages/schema.ts';

const SINCE = '2026-12-01T00:00:00.000Z';
const side = (cell: string, total: number, mql: boolean): ShadowSide => ({ cell, total, mql });

function person(
  id: string,
  now: { live: ShadowSide; candidate: ShadowSide },
  stages: { start: StageKey; now: StageKey },
  start = now,
  version = 'v2',
): ShadowedPerson {
  return {
    personId: id,
    email: `${id}@example.com`,
    stage: stages.now,
    shadow: {
      candidateVersion: version,
      since: SINCE,
      start: { at: SINCE, stage: stages.start, ...start },
      latest: { at: '2026-12-02T00:00:00.000Z', ...now },
    },
  };
}

const options = { candidateVersion: 'v2', liveVersion: 'v1', since: SINCE };

describe('compare models', () => {
  const people = [
    // The candidate makes p1 an MQL the live model does not, and p1 went on to SQL.
    person(
      'p1',
      { live: side('B3', 90, false), candidate: side('A2', 160, true) },
      { start: 'MIL', now: 'SQL' },
    ),
    // Both call p2 an MQL; sales recycled it.
    person(
      'p2',
      { live: side('A1', 210, true), candidate: side('A1', 205, true) },
      { start: 'MQL', now: 'RECYCLED' },
    ),
    // The candidate drops p3, whose stage never moved.
    person(
      'p3',
      { live: side('A2', 150, true), candidate: side('B2', 100, false) },
      { start: 'MQL', now: 'MQL' },
    ),
    // Moved, but to SAL: not an outcome yet.
    person(
      'p4',
      { live: side('C4', 20, false), candidate: side('C4', 25, false) },
      { start: 'MQL', now: 'SAL' },
    ),
    // Another candidate's entry: not this comparison's.
    person(
      'old',
      { live: side('D4', 0, false), candidate: side('A1', 300, true) },
      { start: 'MIL', now: 'WON' },
      undefined,
      'v0',
    ),
  ];

  it('movement, MQLs gained and lost with examples, and outcomes judged per model', () => {
    const r = compareModels(people, options);
    expect(r.people).toBe(4);
    expect(r.movement).toMatchObject({ total: 4, moved: 2 });
    expect(r.mql).toMatchObject({ live: 2, candidate: 2, gained: 1, lost: 1 });
    expect(r.mql.gainedExamples.map((e) => e.personId)).toEqual(['p1']);
    expect(r.mql.lostExamples.map((e) => e.personId)).toEqual(['p3']);
    expect(r.stageMoved).toBe(3);
    expect(r.live).toMatchObject({ judged: 2, good: 1, mql: { count: 1, good: 0 }, precision: 0, recall: 0 });
    expect(r.candidate).toMatchObject({
      judged: 2,
      good: 1,
      mql: { count: 2, good: 1 },
      precision: 0.5,
      recall: 1,
    });
  });

  it('judges the prediction made at the shadow start, not the latest score', () => {
    // At the start the candidate did not call p5 an MQL; it does now, after p5 reached SQL.
    const p5 = person(
      'p5',
      { live: side('B3', 90, false), candidate: side('A1', 250, true) },
      { start: 'MIL', now: 'SQL' },
      { live: side('B3', 90, false), candidate: side('B3', 95, false) },
    );
    const r = compareModels([p5], options);
    expect(r.candidate.mql).toEqual({ count: 0, good: 0 });
    expect(r.candidate.recall).toBe(0);
  });

  it('prints the movements, the MQL examples and both models side by side', () => {
    const text = formatCompare(compareModels(people, options), 'text');
    expect(text).toContain('Movement (live cell → candidate cell): 2 of 4 move');
    expect(text).toContain('B3 → A2  1');
    expect(text).toContain('p1@example.com: live B3 90 → candidate A2 160');
    expect(text).toContain('candidate  MQL 2 (1 good)  precision 50.0%  recall 100.0%');
    expect(JSON.parse(formatCompare(compareModels(people, options), 'json'))).toMatchObject({ people: 4 });
  });
});
