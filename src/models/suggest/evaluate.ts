/**
 * How well a model ranks people by their later outcome: AUC and lift per decile of its total (rounded
 * profile + engagement, before manual overrides), each person scored at the time they were scored, by
 * the same `scorePerson` production uses.
 */
import { compileModel } from '../../scoring/compile-model.ts';
import { scorePerson } from '../../scoring/score-person.ts';
import type { ScoringConfig } from '../../scoring/schema.ts';
import { auc } from './auc.ts';
import { liftByDecile } from './lift.ts';
import type { DecileLift } from './lift.ts';
import type { LabelledPerson } from './labels.ts';

export interface ModelEvaluation {
  readonly modelVersion: string;
  /** null when the people hold only one kind of outcome. */
  readonly auc: number | null;
  readonly lift: readonly DecileLift[];
}

export function modelTotals(config: ScoringConfig, people: readonly LabelledPerson[]): number[] {
  const model = compileModel(config);
  return people.map((p) => {
    const score = scorePerson(model, p.person, p.at);
    return score.profile + score.engagement;
  });
}

/** AUC and lift of totals already computed (`modelTotals`) against the same people's 0/1 labels. */
export function evaluateTotals(
  modelVersion: string,
  totals: readonly number[],
  labels: readonly number[],
): ModelEvaluation {
  return { modelVersion, auc: auc(totals, labels), lift: liftByDecile(totals, labels) };
}
