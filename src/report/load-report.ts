/**
 * The closed-loop report from the state store: what `leadloop report`, the console page and its CSV all
 * print, so the three never disagree. No CRM calls.
 */
import type { StagesConfig } from '../stages/schema.ts';
import type { StateStore } from '../state/types.ts';
import { closedLoopReport, type LoopReport } from './closed-loop.ts';
import { collectLoopPeople } from './collect.ts';
import type { ReportPeriod } from './report-period.ts';

export interface LoadReportOptions {
  readonly now: Date;
  readonly period: ReportPeriod;
  /** `stages`: the SLA and the SLA rules compliance is measured against, the teams owners belong to. */
  readonly stages: Pick<StagesConfig, 'sla' | 'slaRules' | 'teams'>;
}

export async function loadLoopReport(store: StateStore, options: LoadReportOptions): Promise<LoopReport> {
  return closedLoopReport(await collectLoopPeople(store), {
    now: options.now,
    period: options.period,
    ...(options.stages.sla ? { sla: options.stages.sla } : {}),
    ...(options.stages.slaRules ? { slaRules: options.stages.slaRules } : {}),
    ...(options.stages.teams ? { teams: options.stages.teams } : {}),
  });
}
