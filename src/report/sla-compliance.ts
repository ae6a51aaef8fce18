/**
 * SLA compliance (pure): every entry into MQL inside the period is one episode. It is on time when the
 * person left MQL by the due time (accepted, or passed back: what the SLA asks of sales), breached when
 * they left later or still wait past it, pending while still waiting inside it. Time to accept counts the
 * episodes sales accepted (moved on to SAL, SQL or Won), in calendar hours.
 *
 * The SLA of an episode is the `stages.slaRules` rule its recorded SLA steps name (a reminder, re-route or
 * escalation records which SLA applied); an episode without a step is measured against `stages.sla`,
 * because the facts a rule tests (mapped field values) are not kept with the stage history.
 */
import type { SlaConfig, StageKey } from '../stages/schema.ts';
import { slaStatus } from '../stages/sla.ts';
import type { SlaAction, SlaBreach, StageTransition } from '../stages/stage-state.ts';
import { inWindow, type PeriodWindow } from './report-period.ts';
import { hoursBetween, median, roundHours, stageStays } from './stage-times.ts';

export interface SlaCompliance {
  /** The configured SLA in hours (`stages.sla.acceptWithinHours`); null when none is configured. */
  readonly acceptWithinHours: number | null;
  readonly businessHours: boolean;
  /** MQL episodes entered in the period. */
  readonly mqls: number;
  readonly onTime: number;
  readonly breached: number;
  readonly pending: number;
  /** onTime / (onTime + breached); null without an SLA or without a decided episode. */
  readonly compliance: number | null;
  /** Episodes that moved on to SAL, SQL or Won. */
  readonly accepted: number;
  readonly medianHoursToAccept: number | null;
  /** Breaches the runs recorded (and re-routed) for MQL episodes in the period. */
  readonly recordedBreaches: number;
}

const ACCEPTED: ReadonlySet<StageKey> = new Set(['SAL', 'SQL', 'WON']);

export interface SlaInput {
  readonly history: readonly StageTransition[];
  readonly slaBreaches: readonly Pick<SlaBreach, 'mqlAt'>[];
  readonly slaActions?: readonly Pick<SlaAction, 'mqlAt' | 'sla'>[];
}

export interface SlaSet {
  /** `stages.sla` (the rule named `default`). */
  readonly sla: SlaConfig | undefined;
  readonly rules: readonly { readonly name: string; readonly sla: SlaConfig }[];
}

function episodeSla(person: SlaInput, mqlAt: string, slas: SlaSet): SlaConfig | undefined {
  const named = person.slaActions?.find((a) => a.mqlAt === mqlAt)?.sla;
  if (named === undefined || named === 'default') return slas.sla;
  return slas.rules.find((r) => r.name === named)?.sla ?? slas.sla;
}

export function slaCompliance(
  people: readonly SlaInput[],
  slas: SlaSet,
  window: PeriodWindow,
): SlaCompliance {
  const { sla } = slas;
  const anySla = sla !== undefined || slas.rules.length > 0;
  const now = new Date(window.to);
  let mqls = 0;
  let onTime = 0;
  let breached = 0;
  let pending = 0;
  let recordedBreaches = 0;
  const toAccept: number[] = [];
  for (const person of people) {
    recordedBreaches += person.slaBreaches.filter((b) => inWindow(window, b.mqlAt)).length;
    for (const stay of stageStays(person.history)) {
      if (stay.stage !== 'MQL' || !inWindow(window, stay.enteredAt)) continue;
      mqls++;
      if (stay.leftAt !== null && stay.next !== null && ACCEPTED.has(stay.next))
        toAccept.push(hoursBetween(stay.enteredAt, stay.leftAt));
      const config = episodeSla(person, stay.enteredAt, slas);
      if (config === undefined) continue;
      const left = stay.leftAt === null ? null : new Date(stay.leftAt);
      const status = slaStatus(new Date(stay.enteredAt), left, config, now);
      if (status.status === 'breached') breached++;
      else if (status.accepted) onTime++;
      else pending++;
    }
  }
  const decided = onTime + breached;
  return {
    acceptWithinHours: sla?.acceptWithinHours ?? null,
    businessHours: sla !== undefined && sla.businessHours !== false,
    mqls,
    onTime,
    breached,
    pending,
    compliance: !anySla || decided === 0 ? null : onTime / decided,
    accepted: toAccept.length,
    medianHoursToAccept: roundHours(median(toAccept)),
    recordedBreaches,
  };
}
