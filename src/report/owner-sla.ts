/**
 * The hand-off per Salesforce owner (pure): for the MQL episodes entered in the period, how long sales
 * took to first touch the person (the first call or meeting Salesforce recorded on them after they became
 * an MQL) and to accept them (leave MQL for SAL, SQL or Won); the rejections each owner made, and how
 * many of them came without a reason. Rejection reasons across owners, most frequent first.
 *
 * The owner of an episode is the one who rejected it when its rejection recorded one, else the person's
 * Salesforce owner now (after a re-route: the new owner). Medians count finished episodes only, in
 * calendar hours.
 *
 * Teams (`stages.teams`, team → Salesforce owner ids) get the same figures over all their owners' episodes
 * together: a team median is the median of every episode, not a median of owner medians, so a busy owner
 * weighs as much as their episodes do. Owners in no team count under `(no team)`.
 */
import type { StageKey } from '../stages/schema.ts';
import type { StageTransition } from '../stages/stage-state.ts';
import { inWindow, type PeriodWindow } from './report-period.ts';
import { hoursBetween, median, roundHours, stageStays } from './stage-times.ts';

export interface OwnerSlaPerson {
  readonly history: readonly StageTransition[];
  /** The person's Salesforce record owner now (Contact over Lead); null when unknown or HubSpot-only. */
  readonly owner: string | null;
  /** When sales touched the person (Salesforce calls and meetings), any order. */
  readonly salesTouches: readonly string[];
}

export interface HandOffFigures {
  readonly mqls: number;
  readonly touched: number;
  readonly medianHoursToFirstTouch: number | null;
  readonly accepted: number;
  readonly medianHoursToAccept: number | null;
  readonly rejected: number;
  readonly rejectedWithoutReason: number;
}

export interface OwnerSlaRow extends HandOffFigures {
  readonly owner: string;
}

export interface TeamSlaRow extends HandOffFigures {
  readonly team: string;
}

export interface OwnerSla {
  /** Busiest owner first; `(none)` for MQLs without a Salesforce owner. */
  readonly owners: OwnerSlaRow[];
  /** Busiest team first; empty without `stages.teams`. */
  readonly teams: TeamSlaRow[];
  /** Reasons read from `stages.rejectionReasonField` on rejection; `(no reason)` counts the blank ones. */
  readonly rejectionReasons: { readonly reason: string; readonly count: number }[];
}

const ACCEPTED: ReadonlySet<StageKey> = new Set(['SAL', 'SQL', 'WON']);
export const NO_REASON = '(no reason)';
const NO_OWNER = '(none)';
export const NO_TEAM = '(no team)';

interface Tally {
  mqls: number;
  touch: number[];
  accept: number[];
  rejected: number;
  withoutReason: number;
}

const figures = (t: Tally): HandOffFigures => ({
  mqls: t.mqls,
  touched: t.touch.length,
  medianHoursToFirstTouch: roundHours(median(t.touch)),
  accepted: t.accept.length,
  medianHoursToAccept: roundHours(median(t.accept)),
  rejected: t.rejected,
  rejectedWithoutReason: t.withoutReason,
});

/** `teams`: team name → the Salesforce owner ids in it (`stages.teams`). */
export function ownerSla(
  people: readonly OwnerSlaPerson[],
  window: PeriodWindow,
  teams: Readonly<Record<string, readonly string[]>> = {},
): OwnerSla {
  const teamOf = new Map(Object.entries(teams).flatMap(([team, ids]) => ids.map((id) => [id, team])));
  const withTeams = teamOf.size > 0;
  const tallies = new Map<string, Tally>();
  const teamTallies = new Map<string, Tally>();
  const reasons = new Map<string, number>();
  const get = (map: Map<string, Tally>, key: string): Tally => {
    let t = map.get(key);
    if (t === undefined) {
      t = { mqls: 0, touch: [], accept: [], rejected: 0, withoutReason: 0 };
      map.set(key, t);
    }
    return t;
  };
  // One episode counts for its owner and for the owner's team alike.
  const tally = (owner: string): Tally[] =>
    withTeams ? [get(tallies, owner), get(teamTallies, teamOf.get(owner) ?? NO_TEAM)] : [get(tallies, owner)];
  for (const person of people) {
    const touches = person.salesTouches.map((at) => Date.parse(at)).sort((a, b) => a - b);
    const ordered = [...person.history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const stay of stageStays(ordered)) {
      if (stay.stage !== 'MQL' || !inWindow(window, stay.enteredAt)) continue;
      const leaving = ordered.find((t) => t.at === stay.leftAt && t.to === stay.next);
      const entered = Date.parse(stay.enteredAt);
      const first = touches.find((ms) => ms >= entered);
      for (const t of tally(leaving?.rejection?.owner ?? person.owner ?? NO_OWNER)) {
        t.mqls++;
        if (first !== undefined) t.touch.push((first - entered) / 3_600_000);
        if (stay.leftAt !== null && stay.next !== null && ACCEPTED.has(stay.next))
          t.accept.push(hoursBetween(stay.enteredAt, stay.leftAt));
      }
    }
    // A rejection may come from MQL or after an acceptance (SAL): each one in the period counts.
    for (const transition of ordered) {
      const { rejection } = transition;
      if (rejection === undefined || !inWindow(window, transition.at)) continue;
      for (const t of tally(rejection.owner ?? person.owner ?? NO_OWNER)) {
        t.rejected++;
        if (rejection.reason === null) t.withoutReason++;
      }
      const reason = rejection.reason ?? NO_REASON;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const owners = [...tallies].map(([owner, t]) => ({ owner, ...figures(t) }));
  const teamRows = [...teamTallies].map(([team, t]) => ({ team, ...figures(t) }));
  return {
    owners: owners.sort((a, b) => b.mqls - a.mqls || a.owner.localeCompare(b.owner)),
    teams: teamRows.sort((a, b) => b.mqls - a.mqls || a.team.localeCompare(b.team)),
    rejectionReasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

const hours = (h: number | null): string => (h === null ? '-' : `${h.toFixed(1)} h`);

const figureColumns = (key: string, r: HandOffFigures): string =>
  `  ${key.slice(0, 20).padEnd(20)} ${String(r.mqls).padStart(7)} ${String(r.touched).padStart(8)} ${hours(r.medianHoursToFirstTouch).padStart(12)} ${String(r.accepted).padStart(9)} ${hours(r.medianHoursToAccept).padStart(10)} ${String(r.rejected).padStart(9)} ${String(r.rejectedWithoutReason).padStart(15)}`;

/** Text lines for `leadloop report`: one row per owner, per team (when configured), then the rejection reasons. */
export function formatOwnerSla(report: OwnerSla): string[] {
  const lines = [
    'hand-off by Salesforce owner (MQL episodes in the period; medians over finished ones):',
    '  owner                   MQLs  touched  first touch  accepted  to accept  rejected  without reason',
  ];
  for (const r of report.owners) lines.push(figureColumns(r.owner, r));
  if (report.teams.length > 0) {
    lines.push(
      'hand-off by team (stages.teams; medians over every finished episode of the team):',
      '  team                    MQLs  touched  first touch  accepted  to accept  rejected  without reason',
    );
    for (const r of report.teams) lines.push(figureColumns(r.team, r));
  }
  const reasons = report.rejectionReasons.map((r) => `${r.reason} ${r.count}`).join(', ') || 'none';
  lines.push(`rejection reasons: ${reasons}`);
  return lines;
}
