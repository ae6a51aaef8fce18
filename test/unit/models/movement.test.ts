import { describe, expect, it } from 'vitest';
import { CELLS, movementMatrix, movements } from '../../../src/models/movement.ts';

const at = (cell: string): number => CELLS.indexOf(cell as (typeof CELLS)[number]);

describe('movement matrix', () => {
  it('counts each live cell → candidate cell pair, the diagonal staying put', () => {
    const m = movementMatrix([
      { live: 'A1', candidate: 'A1' },
      { live: 'B2', candidate: 'A1' },
      { live: 'B2', candidate: 'A1' },
      { live: 'D4', candidate: 'C4' },
    ]);
    expect(m.cells).toHaveLength(16);
    expect(m.counts[at('A1')]?.[at('A1')]).toBe(1);
    expect(m.counts[at('B2')]?.[at('A1')]).toBe(2);
    expect(m.counts[at('A1')]?.[at('B2')]).toBe(0);
    expect(m.counts[at('D4')]?.[at('C4')]).toBe(1);
    expect(m.total).toBe(4);
    expect(m.moved).toBe(3);
    expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('lists the non-zero movements largest first', () => {
    const m = movementMatrix([
      { live: 'D4', candidate: 'C4' },
      { live: 'B2', candidate: 'A1' },
      { live: 'B2', candidate: 'A1' },
    ]);
    expect(movements(m)).toEqual([
      { live: 'B2', candidate: 'A1', count: 2 },
      { live: 'D4', candidate: 'C4', count: 1 },
    ]);
  });

  it('counts a cell outside A1…D4 as unplaced instead of dropping or misplacing it', () => {
    const m = movementMatrix([
      { live: 'E9', candidate: 'A1' },
      { live: 'A1', candidate: '' },
      { live: 'C3', candidate: 'C3' },
    ]);
    expect(m).toMatchObject({ total: 1, moved: 0, unplaced: 2 });
  });

  it('is empty for nobody', () => {
    const m = movementMatrix([]);
    expect(m).toMatchObject({ total: 0, moved: 0, unplaced: 0 });
    expect(movements(m)).toEqual([]);
  });
});
