/**
 * The I/O of the SLA steps a chunk's plans took: reminder Tasks through the owner CRM's connector, then
 * the optional webhook notes. The decisions were made by the pure plans; this only carries them out.
 */
import type { CrmConnector } from '../../connectors/types.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import type { Logger } from '../lib/logger.ts';
import { chooseSlaByName } from '../stages/sla-actions.ts';
import type { PersonPlan } from '../sync/plan-person.ts';
import type { RunCounters } from '../sync/run-counters.ts';
import { notifyWebhook, type SlaNote } from './notify-webhook.ts';

/** Creates the plans' reminder Tasks; resolves to the keys of those that failed (retried next run). */
export async function createReminderTasks(
  connector: CrmConnector,
  plans: readonly PersonPlan[],
  counters: RunCounters,
  logger: Logger,
): Promise<Set<string>> {
  const tasks = plans.flatMap((p) => p.tasks);
  const failed = new Set<string>();
  if (tasks.length === 0 || !connector.createTasks) return failed;
  let outcomes;
  try {
    outcomes = await connector.createTasks(tasks);
  } catch (err) {
    logger.warn({ err, tasks: tasks.length }, 'SLA reminder Tasks not created; retried next run');
    for (const t of tasks) failed.add(t.key);
    counters.add('sla.tasksFailed', tasks.length);
    return failed;
  }
  for (const o of outcomes) {
    if (o.ok) continue;
    failed.add(o.key);
    logger.warn({ key: o.key, code: o.failure.code, reason: o.failure.message }, 'SLA reminder Task refused');
  }
  counters.add('sla.tasksCreated', tasks.length - failed.size);
  if (failed.size > 0) counters.add('sla.tasksFailed', failed.size);
  return failed;
}

/** Posts a note per step taken to the `notifyUrl` of the SLA it was taken under, if that SLA has one. */
export async function sendSlaNotes(
  config: LeadloopConfig,
  plans: readonly PersonPlan[],
  failedTasks: ReadonlySet<string>,
  leadOf: (personId: string) => string | null,
  counters: RunCounters,
  logger: Logger,
): Promise<void> {
  const byUrl = new Map<string, SlaNote[]>();
  for (const p of plans) {
    const action = p.stage.slaAction;
    if (action === undefined || p.tasks.some((t) => failedTasks.has(t.key))) continue;
    const url = chooseSlaByName(config.stages, action.sla)?.notifyUrl;
    if (url === undefined) continue;
    const note = { personId: p.personId, leadId: leadOf(p.personId), action };
    byUrl.set(url, [...(byUrl.get(url) ?? []), note]);
  }
  for (const [url, notes] of byUrl) {
    const { sent, failed } = await notifyWebhook(url, notes, logger);
    if (sent > 0) counters.add('sla.notified', sent);
    if (failed > 0) counters.add('sla.notifyFailed', failed);
  }
}
