/**
 * The three schedules as BullMQ job schedulers with deterministic ids, so every deploy's upsert replaces
 * the same schedulers instead of adding more. They emit `trigger` jobs, which enqueue a deduplicated
 * `sync` (scheduler templates cannot carry deduplication options themselves).
 * https://docs.bullmq.io/guide/job-schedulers
 */
import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleConfig } from '../config/schema.ts';
import { ConfigError } from '../lib/errors.ts';
import { JOB, type TriggerJobData } from './types.ts';
import type { RunKind } from '../domain/run-kind.ts';

export interface ScheduleDefinition {
  id: string;
  kind: RunKind;
  pattern: string;
  tz: string;
}

/** Validated definitions: a bad cron or time zone is a config error before anything is scheduled. */
export function scheduleDefinitions(schedule: ScheduleConfig): ScheduleDefinition[] {
  const defs: ScheduleDefinition[] = [
    { id: 'leadloop-incremental', kind: 'incremental', pattern: schedule.incremental, tz: schedule.timezone },
    { id: 'leadloop-rescore', kind: 'rescore', pattern: schedule.rescore, tz: schedule.timezone },
    { id: 'leadloop-full', kind: 'full', pattern: schedule.fullReconcile, tz: schedule.timezone },
  ];
  const problems: string[] = [];
  for (const def of defs) {
    try {
      CronExpressionParser.parse(def.pattern, { tz: def.tz }).next();
    } catch (err) {
      problems.push(`schedule.${def.kind}: invalid cron "${def.pattern}" in ${def.tz}: ${String(err)}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return defs;
}

export async function upsertSchedules(queue: Queue, schedule: ScheduleConfig): Promise<ScheduleDefinition[]> {
  const defs = scheduleDefinitions(schedule);
  for (const def of defs) {
    const data: TriggerJobData = { kind: def.kind };
    await queue.upsertJobScheduler(
      def.id,
      { pattern: def.pattern, tz: def.tz },
      { name: JOB.trigger, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } } },
    );
  }
  return defs;
}
