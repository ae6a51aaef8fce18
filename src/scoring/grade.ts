/** Rounding, grades (A-D), levels (1-4), the matrix cell and the MQL hand-off decision. */
import type { CompiledModel } from './compile-model.ts';
import type { Grade, Level, MatrixCell } from './schema.ts';

const GRADE_ORDER: readonly Grade[] = ['A', 'B', 'C', 'D'];

/** Nearest integer, halves away from zero: 2.5 → 3, -2.5 → -3 (Math.round alone gives -2). Never -0. */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.round(Math.abs(value));
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

export function gradeFor(profile: number, grades: CompiledModel['grades']): Grade {
  if (profile >= grades.A) return 'A';
  if (profile >= grades.B) return 'B';
  if (profile >= grades.C) return 'C';
  return 'D';
}

export function levelFor(engagement: number, levels: CompiledModel['levels']): Level {
  if (engagement >= levels['1']) return '1';
  if (engagement >= levels['2']) return '2';
  if (engagement >= levels['3']) return '3';
  return '4';
}

/** The lower of two grades (D is lowest). */
export function lowerGrade(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

export function cellOf(grade: Grade, level: Level): MatrixCell {
  return `${grade}${level}`;
}

/** MQL: the cell is one of the hand-off cells, or the total reaches the threshold. */
export function isMql(model: CompiledModel, cell: MatrixCell, total: number): boolean {
  return model.mqlCells.has(cell) || total >= model.mqlThreshold;
}
