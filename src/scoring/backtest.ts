/**
 * Backtest: score history with the current and a candidate model (through the same `scorePerson` that
 * scores in production), each record at the time it was scored, against the outcome it later had. Reports
 * per matrix cell counts and conversion rates, precision/recall of "MQL" against good outcomes (SQL/Won),
 * and which leads would change stage.
 */
import { compileModel } from './compile-model.ts';
import type { CompiledModel } from './compile-model.ts';
import { Grade, Level } from './schema.ts';
import type { MatrixCell, ScoringConfig } from './schema.ts';
import { scorePerson } from './score-person.ts';
import type { Score, ScoringPerson } from './types.ts';

export type Outcome = 'won' | 'sql' | 'recycled' | 'disqualified' | 'lost' | 'open';
/** Good outcomes; `open` is not known yet and stays out of rates, precision and recall. */
export const GOOD_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>(['won', 'sql']);

export interface BacktestRecord extends ScoringPerson {
  readonly id?: string;
  readonly outcome: Outcome;
  readonly scoredAt: Date;
}

export interface CellStats {
  readonly cell: MatrixCell;
  readonly count: number;
  /** Records with a known outcome (not `open`). */
  readonly known: number;
  readonly good: number;
  /** good / known; null when nothing is known. */
  readonly conversionRate: number | null;
}

export interface ModelStats {
  readonly modelVersion: string;
  readonly cells: readonly CellStats[];
  readonly mql: { readonly count: number; readonly known: number; readonly good: number };
  readonly precision: number | null;
  readonly recall: number | null;
  readonly disqualified: number;
}

export type ScoreStage = 'MQL' | 'MIL' | 'DISQUALIFIED';

export interface StageChange {
  readonly id: string;
  readonly outcome: Outcome;
  readonly current: { readonly cell: MatrixCell; readonly total: number; readonly stage: ScoreStage };
  readonly candidate: { readonly cell: MatrixCell; readonly total: number; readonly stage: ScoreStage };
}

export interface BacktestReport {
  readonly records: number;
  readonly current: ModelStats;
  readonly candidate: ModelStats;
  /** Leads whose stage would change, up to `maxChanges`; `changeCount` has them all. */
  readonly changes: readonly StageChange[];
  readonly changeCount: number;
}

const CELLS: readonly MatrixCell[] = Grade.options.flatMap((g) =>
  Level.options.map((l): MatrixCell => `${g}${l}`),
);

class ModelTally {
  readonly model: CompiledModel;
  readonly cells = new Map<MatrixCell, { count: number; known: number; good: number }>(
    CELLS.map((c) => [c, { count: 0, known: 0, good: 0 }]),
  );
  mql = { count: 0, known: 0, good: 0 };
  goodTotal = 0;
  disqualified = 0;

  constructor(config: ScoringConfig) {
    this.model = compileModel(config);
  }

  add(score: Score, outcome: Outcome): void {
    const known = outcome !== 'open';
    const good = GOOD_OUTCOMES.has(outcome);
    const cell = this.cells.get(score.cell);
    if (cell) {
      cell.count++;
      if (known) cell.known++;
      if (good) cell.good++;
    }
    if (good) this.goodTotal++;
    if (score.disqualified) this.disqualified++;
    if (score.mql) {
      this.mql.count++;
      if (known) this.mql.known++;
      if (good) this.mql.good++;
    }
  }

  stats(): ModelStats {
    const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);
    return {
      modelVersion: this.model.modelVersion,
      cells: CELLS.map((cell) => {
        const t = this.cells.get(cell) ?? { count: 0, known: 0, good: 0 };
        return { cell, ...t, conversionRate: rate(t.good, t.known) };
      }),
      mql: { ...this.mql },
      precision: rate(this.mql.good, this.mql.known),
      recall: rate(this.mql.good, this.goodTotal),
      disqualified: this.disqualified,
    };
  }
}

export function scoreStage(score: Score): ScoreStage {
  if (score.disqualified) return 'DISQUALIFIED';
  return score.mql ? 'MQL' : 'MIL';
}

export function backtest(
  records: Iterable<BacktestRecord>,
  current: ScoringConfig,
  candidate: ScoringConfig,
  options: { readonly maxChanges?: number } = {},
): BacktestReport {
  const maxChanges = options.maxChanges ?? 1000;
  const a = new ModelTally(current);
  const b = new ModelTally(candidate);
  const changes: StageChange[] = [];
  let changeCount = 0;
  let count = 0;
  for (const record of records) {
    const id = record.id ?? `#${count}`;
    count++;
    const before = scorePerson(a.model, record, record.scoredAt);
    const after = scorePerson(b.model, record, record.scoredAt);
    a.add(before, record.outcome);
    b.add(after, record.outcome);
    const stageBefore = scoreStage(before);
    const stageAfter = scoreStage(after);
    if (stageBefore === stageAfter) continue;
    changeCount++;
    if (changes.length < maxChanges) {
      changes.push({
        id,
        outcome: record.outcome,
        current: { cell: before.cell, total: before.total, stage: stageBefore },
        candidate: { cell: after.cell, total: after.total, stage: stageAfter },
      });
    }
  }
  return { records: count, current: a.stats(), candidate: b.stats(), changes, changeCount };
}
