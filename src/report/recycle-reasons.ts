/**
 * Why people were passed back to marketing (pure): each move into RECYCLED in the period, by the cause the
 * stage machine recorded — the Lead Status sales set, a lost opportunity, a manual override.
 */
import type { StageTransition } from '../stages/stage-state.ts';
import { inWindow, type PeriodWindow } from './report-period.ts';

export interface RecycleReason {
  readonly reason: string;
  readonly count: number;
}

export function recycleReason(t: Pick<StageTransition, 'cause' | 'detail'>): string {
  switch (t.cause) {
    case 'sales_feedback':
      return t.detail ? `Lead Status: ${t.detail}` : 'Lead Status';
    case 'opportunity_lost':
      return 'Opportunity lost';
    case 'override':
      return 'Manual override';
    default:
      return t.cause;
  }
}

/** Most frequent first, then by name, so the order is stable. */
export function recycleReasons(
  histories: readonly (readonly StageTransition[])[],
  window: PeriodWindow,
): RecycleReason[] {
  const counts = new Map<string, number>();
  for (const history of histories) {
    for (const t of history) {
      if (t.to !== 'RECYCLED' || !inWindow(window, t.at)) continue;
      const reason = recycleReason(t);
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
