/**
 * Marketing behaviour as HubSpot exposes it: Events v3 occurrences (page views, form submissions, custom
 * behavioural events) and legacy marketing Email Events (OPEN, CLICK, BOUNCE, STATUSCHANGE), each indexed
 * globally, by type and by contact / recipient.
 */
import { TimeSeries, type Timed } from './time-series.ts';

export interface BehaviourEvent extends Timed {
  id: string;
  eventType: string;
  objectId: number;
  properties: Record<string, string>;
}

export type EmailEventType = 'OPEN' | 'CLICK' | 'BOUNCE' | 'STATUSCHANGE';

export interface EmailEvent extends Timed {
  id: string;
  type: EmailEventType;
  recipient: string;
  emailCampaignId: number;
  extra: Record<string, unknown>;
}

export interface EmailCampaign {
  id: number;
  name: string;
}

function seriesFor<T extends Timed>(map: Map<string, TimeSeries<T>>, key: string): TimeSeries<T> {
  let series = map.get(key);
  if (!series) {
    series = new TimeSeries<T>();
    map.set(key, series);
  }
  return series;
}

function loadGrouped<T extends Timed>(items: T[], keyOf: (item: T) => string): Map<string, TimeSeries<T>> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const out = new Map<string, TimeSeries<T>>();
  for (const [key, list] of groups) {
    const series = new TimeSeries<T>();
    series.load(list);
    out.set(key, series);
  }
  return out;
}

export class BehaviourLog {
  readonly events = new TimeSeries<BehaviourEvent>();
  eventsByType = new Map<string, TimeSeries<BehaviourEvent>>();
  eventsByObject = new Map<string, TimeSeries<BehaviourEvent>>();
  readonly emails = new TimeSeries<EmailEvent>();
  emailsByType = new Map<string, TimeSeries<EmailEvent>>();
  emailsByRecipient = new Map<string, TimeSeries<EmailEvent>>();
  private readonly campaigns = new Map<string, EmailCampaign>();
  private readonly campaignsById = new Map<number, EmailCampaign>();
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  campaign(name: string): EmailCampaign {
    let found = this.campaigns.get(name);
    if (!found) {
      found = { id: 10_000_000 + this.campaigns.size * 7 + 1, name };
      this.campaigns.set(name, found);
      this.campaignsById.set(found.id, found);
    }
    return found;
  }

  campaignById(id: number): EmailCampaign | undefined {
    return this.campaignsById.get(id);
  }

  load(events: BehaviourEvent[], emails: EmailEvent[]): void {
    this.events.load(events);
    this.eventsByType = loadGrouped(events, (e) => e.eventType);
    this.eventsByObject = loadGrouped(events, (e) => String(e.objectId));
    this.emails.load(emails);
    this.emailsByType = loadGrouped(emails, (e) => e.type);
    this.emailsByRecipient = loadGrouped(emails, (e) => e.recipient.toLowerCase());
  }

  addEvent(event: BehaviourEvent): void {
    this.events.add(event);
    seriesFor(this.eventsByType, event.eventType).add(event);
    seriesFor(this.eventsByObject, String(event.objectId)).add(event);
  }

  addEmail(event: EmailEvent): void {
    this.emails.add(event);
    seriesFor(this.emailsByType, event.type).add(event);
    seriesFor(this.emailsByRecipient, event.recipient.toLowerCase()).add(event);
  }
}

/** Stable UUID-shaped ids from the sequence number, so one dataset always yields the same ids. */
export function sequenceId(prefix: number, seq: number): string {
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
}
