/**
 * Email events HubSpot records again: a seeded share of opens and clicks gets a follow-on copy a few
 * seconds later, and the first names it in `obsoletedBy` ("the EventId of a follow-on event which makes
 * this current event obsolete", Email Events guide). A client counting both would count one open twice.
 */
import type { EmailEvent } from './behaviour-log.ts';

const OBSOLETED_PERCENT = 4;

function chosen(id: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  h ^= h >>> 15;
  return (Math.imul(h, 0x2c1b3c6d) >>> 0) % 100 < OBSOLETED_PERCENT;
}

/**
 * The event as stored plus its follow-on when it is one HubSpot supersedes; `nextId` mints the follow-on's
 * id and sequence number.
 */
export function withFollowOn(event: EmailEvent, nextId: () => { id: string; seq: number }): EmailEvent[] {
  if ((event.type !== 'OPEN' && event.type !== 'CLICK') || !chosen(event.id)) return [event];
  const { id, seq } = nextId();
  const follow: EmailEvent = { ...event, id, seq, ms: event.ms + 2_000 };
  return [{ ...event, extra: { ...event.extra, obsoletedBy: { id, created: follow.ms } } }, follow];
}
