/**
 * The movement matrix: how many people sit in each live cell (rows) and each candidate cell (columns).
 * The diagonal is people the candidate leaves where they are; everything off it moves.
 */
import { Grade, Level, type MatrixCell } from '../scoring/schema.ts';

export const CELLS: readonly MatrixCell[] = Grade.options.flatMap((g) =>
  Level.options.map((l): MatrixCell => `${g}${l}`),
);

export interface MovementMatrix {
  /** Row and column labels, A1 … D4. */
  readonly cells: readonly MatrixCell[];
  /** `counts[live][candidate]`, indexed like `cells`. */
  readonly counts: readonly (readonly number[])[];
  readonly total: number;
  /** People whose candidate cell differs from their live cell. */
  readonly moved: number;
  /** Pairs whose cell is not A1…D4 (a state some other version wrote): counted here, not placed. */
  readonly unplaced: number;
}

export function movementMatrix(
  pairs: Iterable<{ readonly live: string; readonly candidate: string }>,
): MovementMatrix {
  const index = new Map<string, number>(CELLS.map((c, i) => [c, i]));
  const counts = CELLS.map(() => CELLS.map(() => 0));
  let total = 0;
  let moved = 0;
  let unplaced = 0;
  for (const { live, candidate } of pairs) {
    const row = index.get(live);
    const col = index.get(candidate);
    const line = row === undefined ? undefined : counts[row];
    if (line === undefined || col === undefined) {
      unplaced++;
      continue;
    }
    line[col] = (line[col] ?? 0) + 1;
    total++;
    if (row !== col) moved++;
  }
  return { cells: CELLS, counts, total, moved, unplaced };
}

/** The non-zero entries, largest first (ties in matrix order): what a text report lists. */
export function movements(
  matrix: MovementMatrix,
): { readonly live: MatrixCell; readonly candidate: MatrixCell; readonly count: number }[] {
  const out: { live: MatrixCell; candidate: MatrixCell; count: number }[] = [];
  matrix.counts.forEach((row, i) =>
    row.forEach((count, j) => {
      const live = matrix.cells[i];
      const candidate = matrix.cells[j];
      if (count > 0 && live !== undefined && candidate !== undefined) out.push({ live, candidate, count });
    }),
  );
  return out.sort((a, b) => b.count - a.count);
}
