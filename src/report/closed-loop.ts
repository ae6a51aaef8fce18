/**
 * The closed loop: which matrix cells and lead sources turn into pipeline, so marketing can tune the
 * model with sales. Pure: counts people per cell and per source, how far they got (MQL, SAL, SQL, WON),
 * and the opportunity amounts they hold.
 */
import type { Opportunity } from '../domain/opportunity.ts';
import type { StageKey } from '../stages/schema.ts';

export interface LoopPerson {
  readonly cell: string | null;
  readonly stage: StageKey | null;
  /** Every stage the person has entered, ever (from the stage history). */
  readonly reached: ReadonlySet<StageKey>;
  readonly source: string | null;
  readonly opportunities: readonly Opportunity[];
  readonly slaBreaches: number;
}

export interface LoopRow {
  readonly key: string;
  readonly people: number;
  readonly mql: number;
  readonly sal: number;
  readonly sql: number;
  readonly won: number;
  readonly recycled: number;
  /** Share of people who reached SQL (pipeline). */
  readonly sqlRate: number;
  readonly openPipeline: number;
  readonly wonAmount: number;
}

export interface LoopReport {
  readonly people: number;
  /** Everyone, by how far they got: the funnel MIL → MQL → SAL → SQL → Won. */
  readonly funnel: LoopRow;
  readonly stages: Record<string, number>;
  readonly matrix: Record<string, number>;
  readonly byCell: LoopRow[];
  readonly bySource: LoopRow[];
  readonly slaBreaches: number;
}

const CELLS = ['A', 'B', 'C', 'D'].flatMap((g) => ['1', '2', '3', '4'].map((l) => `${g}${l}`));

function row(key: string, people: readonly LoopPerson[]): LoopRow {
  const reached = (s: StageKey): number => people.filter((p) => p.reached.has(s)).length;
  const sql = people.filter((p) => p.reached.has('SQL') || p.reached.has('WON')).length;
  let openPipeline = 0;
  let wonAmount = 0;
  const seen = new Set<string>();
  for (const p of people) {
    for (const o of p.opportunities) {
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      if (o.status === 'open') openPipeline += o.amount ?? 0;
      if (o.status === 'won') wonAmount += o.amount ?? 0;
    }
  }
  return {
    key,
    people: people.length,
    mql: reached('MQL'),
    sal: reached('SAL'),
    sql,
    won: reached('WON'),
    recycled: reached('RECYCLED'),
    sqlRate: people.length === 0 ? 0 : sql / people.length,
    openPipeline,
    wonAmount,
  };
}

function groupBy(people: readonly LoopPerson[], key: (p: LoopPerson) => string): Map<string, LoopPerson[]> {
  const groups = new Map<string, LoopPerson[]>();
  for (const p of people) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  return groups;
}

export function closedLoopReport(people: readonly LoopPerson[]): LoopReport {
  const stages: Record<string, number> = {};
  const matrix: Record<string, number> = Object.fromEntries(CELLS.map((c) => [c, 0]));
  let slaBreaches = 0;
  for (const p of people) {
    const stage = p.stage ?? 'unscored';
    stages[stage] = (stages[stage] ?? 0) + 1;
    if (p.cell) matrix[p.cell] = (matrix[p.cell] ?? 0) + 1;
    slaBreaches += p.slaBreaches;
  }
  const byCell = CELLS.map((c) =>
    row(
      c,
      people.filter((p) => p.cell === c),
    ),
  );
  const bySource = [...groupBy(people, (p) => p.source ?? '(none)')]
    .map(([k, list]) => row(k, list))
    .sort((a, b) => b.people - a.people);
  return {
    people: people.length,
    funnel: row('all', people),
    stages,
    matrix,
    byCell,
    bySource,
    slaBreaches,
  };
}
