/**
 * The closed loop: which matrix cells, lead sources and campaigns turn into pipeline, so marketing can
 * tune the model with sales. Pure: counts people per cell, source and campaign, how far they got (MQL,
 * SAL, SQL, WON), the step conversion, the median time in each stage, the opportunity amounts they hold,
 * SLA compliance and recycle reasons. `leadloop report` and the console page both print this one result.
 *
 * A period counts by stage-entry date: a person belongs to it when they entered any stage inside it, and
 * reached a stage when they entered it inside it (so a step's conversion compares entries in the period).
 */
import type { Opportunity } from '../domain/opportunity.ts';
import type { SlaConfig, StageKey } from '../stages/schema.ts';
import type { SlaAction, SlaBreach, StageTransition } from '../stages/stage-state.ts';
import { ownerSla, type OwnerSla } from './owner-sla.ts';
import { recycleReasons, type RecycleReason } from './recycle-reasons.ts';
import { inWindow, periodWindow, type PeriodWindow, type ReportPeriod } from './report-period.ts';
import { slaCompliance, type SlaCompliance } from './sla-compliance.ts';
import { timeInStage, type StageTime, type TimedStage } from './stage-times.ts';

export interface LoopPerson {
  readonly cell: string | null;
  readonly stage: StageKey | null;
  /** Every stage transition with its date (the stage history). */
  readonly history: readonly StageTransition[];
  readonly source: string | null;
  /** The first campaign the person touched, as far as the engagement ledger still holds it. */
  readonly campaign: string | null;
  readonly opportunities: readonly Opportunity[];
  readonly slaBreaches: readonly Pick<SlaBreach, 'mqlAt'>[];
  /** SLA steps the runs took; each names the SLA (`stages.slaRules`) that applied to its MQL episode. */
  readonly slaActions?: readonly Pick<SlaAction, 'mqlAt' | 'sla'>[];
  /** The Salesforce record owner now (owner-sla.ts); absent or null when unknown. */
  readonly owner?: string | null;
  /** When sales called or met the person (Salesforce activities). */
  readonly salesTouches?: readonly string[];
}

/** Share of the stage before that reached each stage; null when the stage before is empty. */
export interface StepConversion {
  readonly MQL: number | null;
  readonly SAL: number | null;
  readonly SQL: number | null;
  readonly WON: number | null;
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
  readonly conversion: StepConversion;
  readonly timeInStage: Record<TimedStage, StageTime>;
}

export interface LoopReport {
  readonly period: PeriodWindow;
  readonly people: number;
  /** Everyone, by how far they got: the funnel MIL → MQL → SAL → SQL → Won. */
  readonly funnel: LoopRow;
  readonly stages: Record<string, number>;
  readonly matrix: Record<string, number>;
  readonly byCell: LoopRow[];
  readonly bySource: LoopRow[];
  /** By first campaign touched; `(none)` for people with no campaign in the ledger. */
  readonly byCampaign: LoopRow[];
  /** SLA breaches the runs recorded for MQL episodes in the period. */
  readonly slaBreaches: number;
  readonly sla: SlaCompliance;
  readonly recycleReasons: RecycleReason[];
  /** Time to first touch and to accept, rejections with and without a reason, per Salesforce owner and team. */
  readonly owners: OwnerSla;
}

export interface LoopOptions {
  readonly now: Date;
  readonly period?: ReportPeriod;
  readonly sla?: SlaConfig;
  /** `stages.slaRules`: an episode whose recorded SLA steps name a rule is measured against that rule. */
  readonly slaRules?: readonly { readonly name: string; readonly sla: SlaConfig }[];
  /** `stages.teams`: team → Salesforce owner ids, for the hand-off figures per team. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
}

/** A person as the period sees them: the stages they entered inside it. */
interface Scoped {
  readonly person: LoopPerson;
  readonly reached: ReadonlySet<StageKey>;
}

const CELLS = ['A', 'B', 'C', 'D'].flatMap((g) => ['1', '2', '3', '4'].map((l) => `${g}${l}`));

const step = (n: number, before: number): number | null => (before === 0 ? null : n / before);

function row(key: string, people: readonly Scoped[], window: PeriodWindow): LoopRow {
  const reached = (s: StageKey): number => people.filter((p) => p.reached.has(s)).length;
  const sql = people.filter((p) => p.reached.has('SQL') || p.reached.has('WON')).length;
  let openPipeline = 0;
  let wonAmount = 0;
  const seen = new Set<string>();
  for (const { person: p } of people) {
    for (const o of p.opportunities) {
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      if (o.status === 'open') openPipeline += o.amount ?? 0;
      if (o.status === 'won') wonAmount += o.amount ?? 0;
    }
  }
  const mql = reached('MQL');
  const sal = reached('SAL');
  const won = reached('WON');
  return {
    key,
    people: people.length,
    mql,
    sal,
    sql,
    won,
    recycled: reached('RECYCLED'),
    sqlRate: people.length === 0 ? 0 : sql / people.length,
    openPipeline,
    wonAmount,
    conversion: {
      MQL: step(mql, people.length),
      SAL: step(sal, mql),
      SQL: step(sql, sal),
      WON: step(won, sql),
    },
    timeInStage: timeInStage(
      people.map((p) => p.person.history),
      window,
    ),
  };
}

function groupBy(people: readonly Scoped[], key: (p: LoopPerson) => string): Map<string, Scoped[]> {
  const groups = new Map<string, Scoped[]>();
  for (const p of people) {
    const k = key(p.person);
    const list = groups.get(k) ?? [];
    list.push(p);
    groups.set(k, list);
  }
  return groups;
}

/** Largest first, then by name, so equal groups keep one order on the page, in the CSV and the CLI. */
const byPeople = (a: LoopRow, b: LoopRow): number => b.people - a.people || a.key.localeCompare(b.key);

function scope(people: readonly LoopPerson[], window: PeriodWindow): Scoped[] {
  if (window.from === null)
    return people.map((person) => ({ person, reached: new Set(person.history.map((t) => t.to)) }));
  return people.flatMap((person) => {
    const inside = person.history.filter((t) => inWindow(window, t.at));
    return inside.length === 0 ? [] : [{ person, reached: new Set(inside.map((t) => t.to)) }];
  });
}

export function closedLoopReport(all: readonly LoopPerson[], options: LoopOptions): LoopReport {
  const window = periodWindow(options.period ?? 'all', options.now);
  const people = scope(all, window);
  const stages: Record<string, number> = {};
  const matrix: Record<string, number> = Object.fromEntries(CELLS.map((c) => [c, 0]));
  for (const { person: p } of people) {
    const stage = p.stage ?? 'unscored';
    stages[stage] = (stages[stage] ?? 0) + 1;
    if (p.cell) matrix[p.cell] = (matrix[p.cell] ?? 0) + 1;
  }
  const byCell = CELLS.map((c) =>
    row(
      c,
      people.filter((p) => p.person.cell === c),
      window,
    ),
  );
  const grouped = (key: (p: LoopPerson) => string): LoopRow[] =>
    [...groupBy(people, key)].map(([k, list]) => row(k, list, window)).sort(byPeople);
  const sla = slaCompliance(
    people.map((p) => p.person),
    { sla: options.sla, rules: options.slaRules ?? [] },
    window,
  );
  return {
    period: window,
    people: people.length,
    funnel: row('all', people, window),
    stages,
    matrix,
    byCell,
    bySource: grouped((p) => p.source ?? '(none)'),
    byCampaign: grouped((p) => p.campaign ?? '(none)'),
    slaBreaches: sla.recordedBreaches,
    sla,
    recycleReasons: recycleReasons(
      people.map((p) => p.person.history),
      window,
    ),
    owners: ownerSla(
      people.map(({ person: p }) => ({
        history: p.history,
        owner: p.owner ?? null,
        salesTouches: p.salesTouches ?? [],
      })),
      window,
      options.teams,
    ),
  };
}
