/**
 * Optional SLA notes to a webhook (a Slack incoming webhook, a chat bridge, an alerting hook): one JSON
 * POST per step taken, best effort — a note that fails is counted and logged without its URL (the URL is
 * the webhook's secret) and never holds up or fails the run. Slack takes `text` and ignores the rest.
 * https://api.slack.com/messaging/webhooks
 */
import type { Logger } from '../lib/logger.ts';
import type { SlaAction } from '../stages/stage-state.ts';

export interface SlaNote {
  readonly personId: string;
  readonly leadId: string | null;
  readonly action: SlaAction;
}

const TIMEOUT_MS = 5_000;

const VERB: Readonly<Record<SlaAction['kind'], string>> = {
  remind: 'reminder sent to',
  reroute: 're-routed to',
  escalate: 'escalated to',
};

export function noteBody(note: SlaNote): Record<string, unknown> {
  const { action } = note;
  const who = action.owner ?? 'nobody (no owner to hand to)';
  return {
    text: `leadloop SLA (${action.sla}): MQL ${note.leadId ?? note.personId} ${VERB[action.kind]} ${who}`,
    event: `sla.${action.kind}`,
    personId: note.personId,
    leadId: note.leadId,
    owner: action.owner,
    sla: action.sla,
    mqlAt: action.mqlAt,
    dueAt: action.dueAt,
  };
}

/** Sends the notes one after another (a handful per run); resolves to how many were accepted. */
export async function notifyWebhook(
  url: string,
  notes: readonly SlaNote[],
  logger: Logger,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const note of notes) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(noteBody(note)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.ok) sent++;
      else {
        failed++;
        logger.warn({ status: res.status, event: `sla.${note.action.kind}` }, 'SLA webhook refused a note');
      }
    } catch (err) {
      failed++;
      // The error may quote the URL: only its name is logged.
      logger.warn(
        { err: { name: err instanceof Error ? err.name : 'Error' }, event: `sla.${note.action.kind}` },
        'SLA webhook unreachable',
      );
    }
  }
  return { sent, failed };
}
