/**
 * Which people a suggestion learns from, and what counts as success. `SQL`: reaching SQL or Won is a good
 * outcome. `WON`: only Won is, and an SQL whose deal is still open is not known yet, so it is left out.
 * People the current model disqualifies are left out too: its disqualify rules carry over unchanged, and
 * their stage is the model's own verdict, not sales feedback.
 */
import { compileModel } from '../../scoring/compile-model.ts';
import { findDisqualification } from '../../scoring/exceptions.ts';
import type { BacktestRecord, Outcome } from '../../scoring/backtest.ts';
import type { ScoringConfig } from '../../scoring/schema.ts';
import type { ScoringPerson } from '../../scoring/types.ts';

export type SuggestOutcome = 'SQL' | 'WON';

export interface LabelledPerson {
  readonly id: string;
  readonly person: ScoringPerson;
  readonly at: Date;
  readonly label: 0 | 1;
}

export interface Labelled {
  readonly people: LabelledPerson[];
  /** Records left out: outcome not known yet, or disqualified by the current model. */
  readonly unknown: number;
  readonly disqualified: number;
}

function labelOf(outcome: Outcome, target: SuggestOutcome): 0 | 1 | undefined {
  if (outcome === 'open') return undefined;
  if (outcome === 'won') return 1;
  if (outcome === 'sql') return target === 'SQL' ? 1 : undefined;
  return 0;
}

export function labelRecords(
  records: Iterable<BacktestRecord>,
  current: ScoringConfig,
  target: SuggestOutcome,
): Labelled {
  const model = compileModel(current);
  const people: LabelledPerson[] = [];
  let unknown = 0;
  let disqualified = 0;
  let index = 0;
  for (const record of records) {
    const id = record.id ?? `#${index}`;
    index++;
    const label = labelOf(record.outcome, target);
    if (label === undefined) {
      unknown++;
      continue;
    }
    if (findDisqualification(model, record.fields) !== undefined) {
      disqualified++;
      continue;
    }
    people.push({
      id,
      person: { fields: record.fields, activities: record.activities },
      at: record.scoredAt,
      label,
    });
  }
  return { people, unknown, disqualified };
}
