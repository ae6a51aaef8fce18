/**
 * Time in stage (pure): each stage entry in a person's history is a stay that ends at the next transition;
 * the last stay is still open. Medians count finished stays only, so a stage people sit in today does not
 * read as fast just because the clock has not run out yet.
 */
import type { StageKey } from '../stages/schema.ts';
import type { StageTransition } from '../stages/stage-state.ts';
import { inWindow, type PeriodWindow } from './report-period.ts';

export interface StageStay {
  readonly stage: StageKey;
  readonly enteredAt: string;
  /** When the next transition took the person out; null while they are still in the stage. */
  readonly leftAt: string | null;
  /** Where that transition took them. */
  readonly next: StageKey | null;
}

/** The stages whose time the report shows: the funnel before Won, and the nurture pool. */
export const TIMED_STAGES = ['MIL', 'MQL', 'SAL', 'SQL', 'RECYCLED'] as const;
export type TimedStage = (typeof TIMED_STAGES)[number];

export interface StageTime {
  /** Finished stays entered in the period. */
  readonly completed: number;
  /** Median hours of those stays (two decimals); null when there are none. */
  readonly medianHours: number | null;
}

const HOUR_MS = 3_600_000;

export function stageStays(history: readonly StageTransition[]): StageStay[] {
  const ordered = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return ordered.map((t, i) => {
    const next = ordered[i + 1];
    return { stage: t.to, enteredAt: t.at, leftAt: next?.at ?? null, next: next?.to ?? null };
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return value ?? null;
}

export const hoursBetween = (from: string, to: string): number =>
  (Date.parse(to) - Date.parse(from)) / HOUR_MS;

export const roundHours = (hours: number | null): number | null =>
  hours === null ? null : Math.round(hours * 100) / 100;

/** Median time in each timed stage over everyone's stays entered in the window. */
export function timeInStage(
  histories: readonly (readonly StageTransition[])[],
  window: PeriodWindow,
): Record<TimedStage, StageTime> {
  const hours = new Map<StageKey, number[]>();
  for (const history of histories) {
    for (const stay of stageStays(history)) {
      if (stay.leftAt === null || !inWindow(window, stay.enteredAt)) continue;
      const list = hours.get(stay.stage) ?? [];
      list.push(hoursBetween(stay.enteredAt, stay.leftAt));
      hours.set(stay.stage, list);
    }
  }
  const time = (stage: TimedStage): StageTime => {
    const list = hours.get(stage) ?? [];
    return { completed: list.length, medianHours: roundHours(median(list)) };
  };
  return {
    MIL: time('MIL'),
    MQL: time('MQL'),
    SAL: time('SAL'),
    SQL: time('SQL'),
    RECYCLED: time('RECYCLED'),
  };
}
