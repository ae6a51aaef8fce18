/**
 * The sales-acceptance SLA: an MQL must be accepted (leave MQL) within N business hours; past that it is
 * flagged and re-routed once, round-robin over the configured owners.
 */
import { addBusinessHours, resolveBusinessHours } from './business-hours.ts';
import type { SlaConfig } from './schema.ts';

const HOUR_MS = 3_600_000;

export interface SlaStatus {
  readonly status: 'on-time' | 'breached';
  readonly dueAt: Date;
  readonly accepted: boolean;
}

export function slaDueAt(mqlAt: Date, config: SlaConfig): Date {
  const hours = resolveBusinessHours(config.businessHours);
  if (hours === undefined) return new Date(mqlAt.getTime() + config.acceptWithinHours * HOUR_MS);
  return addBusinessHours(mqlAt, config.acceptWithinHours, hours);
}

/**
 * On time while not yet due, or when accepted by the due time; breached when accepted late or still
 * waiting after it. Acceptance exactly at the due time is on time.
 */
export function slaStatus(mqlAt: Date, acceptedAt: Date | null, config: SlaConfig, now: Date): SlaStatus {
  const dueAt = slaDueAt(mqlAt, config);
  const due = dueAt.getTime();
  if (acceptedAt !== null) {
    return { status: acceptedAt.getTime() <= due ? 'on-time' : 'breached', dueAt, accepted: true };
  }
  return { status: now.getTime() > due ? 'breached' : 'on-time', dueAt, accepted: false };
}

/** The owner for the `counter`-th re-route: deterministic round-robin; null when no list is configured. */
export function reassignTarget(reassignTo: readonly string[], counter: number): string | null {
  if (reassignTo.length === 0) return null;
  const n = reassignTo.length;
  const index = ((Math.trunc(counter) % n) + n) % n;
  return reassignTo[index] ?? null;
}
