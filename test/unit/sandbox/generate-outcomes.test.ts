/**
 * The generated world tells a true closed-loop story with the example model: every matrix cell holds
 * people, and hot cells reach SQL more often than cold ones, because outcomes follow fit and behaviour
 * (connectors/sandbox/generate-propensity.ts). Statistical properties of one seeded world: deterministic.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { scoreDataset, sqlRate, type ScoredPerson } from '../../helpers/dataset-scoring.ts';

const NOW = new Date('2026-11-23T00:00:00.000Z');
const CELLS = ['A', 'B', 'C', 'D'].flatMap((g) => ['1', '2', '3', '4'].map((l) => `${g}${l}`));

function world(people: number, seed: number): ScoredPerson[] {
  return scoreDataset(generateDataset({ people, seed, now: NOW }));
}

describe('generated outcomes against the example model (2,000 people, seed 42)', () => {
  const scored = world(2000, 42);
  const where = (pick: (p: ScoredPerson) => boolean) => scored.filter(pick);

  it('populates every cell A1..D4', () => {
    const counts = Object.fromEntries(CELLS.map((c) => [c, where((p) => p.score.cell === c).length]));
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
  });

  it('converts the A row more often than the D row, and level 1 more often than level 4', () => {
    const row = (g: string) => sqlRate(where((p) => p.score.grade === g));
    const level = (l: string) => sqlRate(where((p) => p.score.level === l));
    expect(row('A')).toBeGreaterThan(row('D'));
    expect(level('1')).toBeGreaterThan(level('4'));
    expect(sqlRate(where((p) => p.score.cell === 'A1'))).toBeGreaterThan(
      sqlRate(where((p) => p.score.cell === 'D4')),
    );
  });

  it('has SQLs and won deals beyond the converted Leads', () => {
    expect(where((p) => p.outcome === 'won').length).toBeGreaterThan(20);
    expect(sqlRate(scored)).toBeGreaterThan(0.05);
    expect(sqlRate(scored)).toBeLessThan(0.2);
  });
});
