/**
 * Exceptions to the computed score: disqualify rules (they dominate: never an MQL), grade caps (e.g. a
 * purchased list never above C) and the manual overrides a user sets in the CRM.
 */
import type { CompiledModel } from './compile-model.ts';
import { toNumber } from './compile-condition.ts';
import { lowerGrade } from './grade.ts';
import { Grade } from './schema.ts';
import type { Disqualification, ProfileInput } from './types.ts';

/** The first matching disqualify rule, in config order. */
export function findDisqualification(
  model: CompiledModel,
  fields: ProfileInput,
): Disqualification | undefined {
  for (const rule of model.disqualify) {
    if (rule.test(fields)) return { rule: rule.name, reason: rule.reason };
  }
  return undefined;
}

/** The grade after every matching cap, and the name of the cap that set it (if any lowered it). */
export function applyGradeCaps(
  model: CompiledModel,
  fields: ProfileInput,
  grade: Grade,
): { readonly grade: Grade; readonly cappedBy?: string } {
  let result = grade;
  let cappedBy: string | undefined;
  for (const cap of model.gradeCaps) {
    if (!cap.test(fields)) continue;
    const lowered = lowerGrade(result, cap.maxGrade);
    if (lowered !== result) {
      result = lowered;
      cappedBy = cap.name;
    }
  }
  return cappedBy === undefined ? { grade: result } : { grade: result, cappedBy };
}

export interface ManualOverrides {
  readonly total?: number;
  readonly grade?: Grade;
}

/**
 * Reads the override fields. An empty or unreadable value is no override: a user clearing the field hands
 * the person back to the model.
 */
export function readOverrides(model: CompiledModel, fields: ProfileInput): ManualOverrides {
  const { scoreField, gradeField } = model.override;
  let total: number | undefined;
  let grade: Grade | undefined;
  if (scoreField !== undefined) {
    const n = toNumber(fields[scoreField]);
    if (Number.isFinite(n)) total = n;
  }
  if (gradeField !== undefined) {
    const raw = fields[gradeField];
    const parsed = Grade.safeParse(typeof raw === 'string' ? raw.trim().toUpperCase() : raw);
    if (parsed.success) grade = parsed.data;
  }
  if (total === undefined && grade === undefined) return {};
  if (total === undefined) return { grade };
  return grade === undefined ? { total } : { total, grade };
}
