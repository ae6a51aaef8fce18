/**
 * One person's 180 days of behaviour. Engagement is long-tailed: each person's propensity is log-normal
 * (mean 5 activities) and the count Poisson around it, so most people do 0-3 things and a few do
 * hundreds. Activities cluster around a burst (a buying cycle) with some background noise. The person's
 * intent (see generate-person.ts) makes them do more, more recently, and more of what buyers do (pricing,
 * demo requests, flyers, meetings); what they did is summed into the truth of generate-propensity.ts.
 */
import type { ActivityType } from '../../src/domain/activity.ts';
import type { SandboxActivity } from './dataset.ts';
import { BehaviourTally, sigmoid } from './generate-propensity.ts';
import type { Presence } from './presence.ts';
import type { Prng } from './prng.ts';
import { WeightedTable } from './prng.ts';
import { DAY_MINUTES, type SandboxClock } from './sandbox-clock.ts';
import {
  CALL_SUBJECTS,
  CONTENT,
  EMAIL_CAMPAIGNS,
  FORMS,
  HUBSPOT_HOT_MIX,
  HUBSPOT_MIX,
  MEETING_TITLES,
  PAGES,
  REPLY_SUBJECTS,
  SALES_CAMPAIGNS,
  SALESFORCE_HOT_MIX,
  SALESFORCE_MIX,
  VENDOR_SITE,
  WEBINARS,
} from './vocabulary-activities.ts';

export const ACTIVITY_WINDOW_DAYS = 180;
const WINDOW = ACTIVITY_WINDOW_DAYS * DAY_MINUTES;
const MAX_PER_PERSON = 400;
/** Log-normal propensity with σ = 1.3 and mean 5: μ = ln 5 − σ²/2. */
const SIGMA = 1.3;
const MU = Math.log(5) - (SIGMA * SIGMA) / 2;
/** Intent scales the log-normal propensity by exp(INTENT_COUNT × intent), divided by its mean (≈ 1), so 5 stays the mean. */
const INTENT_COUNT = 0.5;
const INTENT_VARIANCE = 1.45;
/** Share of a person's activities drawn from the buying mix: sigmoid(HOT_BASE + HOT_SLOPE × intent). */
const HOT_BASE = -1.6;
const HOT_SLOPE = 1.2;

/** People that live in Salesforce only see fewer touches; converted buyers see more. */
const ENGAGEMENT_FACTOR: Record<Presence, number> = {
  hubspot: 1,
  'hubspot+lead': 1.1,
  lead: 0.5,
  converted: 1.3,
  contact: 0.5,
  'hubspot+contact': 1.3,
};
/** Share of a person's activities HubSpot records, when the person is in both CRMs. */
const HUBSPOT_SHARE: Record<Presence, number> = {
  hubspot: 1,
  'hubspot+lead': 0.85,
  lead: 0,
  converted: 0.6,
  contact: 0,
  'hubspot+contact': 0.6,
};

const HUBSPOT_TYPES = new WeightedTable(HUBSPOT_MIX);
const SALESFORCE_TYPES = new WeightedTable(SALESFORCE_MIX);
const HUBSPOT_HOT = new WeightedTable(HUBSPOT_HOT_MIX);
const SALESFORCE_HOT = new WeightedTable(SALESFORCE_HOT_MIX);
const PAGE_URLS = new WeightedTable(PAGES.map(([path, w]) => [`${VENDOR_SITE}${path}`, w] as const));
const FORM_NAMES = new WeightedTable(FORMS);
const CONTENT_ITEMS = new WeightedTable(
  CONTENT.map(([c, w]) => [{ ...c, url: `${VENDOR_SITE}/resources/${c.file}` }, w] as const),
);

/** Minutes-ago of the oldest and newest activity each CRM recorded for the person (−1: none). */
export interface ActivitySpan {
  hubspotOldest: number;
  hubspotNewest: number;
  salesforceOldest: number;
  salesforceNewest: number;
  /** The behaviour's worth in the world's truth (log-odds, decayed; generate-propensity.ts). */
  behaviour: number;
}

export interface ActivityInput {
  readonly personKey: string;
  readonly presence: Presence;
  readonly inHubSpot: boolean;
  readonly junk: boolean;
  readonly optedOut: boolean;
  readonly intent: number;
}

/** Reused between people: times of the current person's activities, in minutes ago. */
const times = new Float64Array(MAX_PER_PERSON);

/** Appends the person's activities to `out` (oldest first) and returns their time span per CRM. */
export function generateActivities(
  rng: Prng,
  clock: SandboxClock,
  input: ActivityInput,
  out: SandboxActivity[],
): ActivitySpan {
  const span: ActivitySpan = {
    hubspotOldest: -1,
    hubspotNewest: -1,
    salesforceOldest: -1,
    salesforceNewest: -1,
    behaviour: 0,
  };
  const factor =
    ENGAGEMENT_FACTOR[input.presence] *
    (input.junk ? 0.3 : 1) *
    Math.exp(INTENT_COUNT * input.intent - (INTENT_COUNT * INTENT_COUNT * INTENT_VARIANCE) / 2);
  const count = Math.min(MAX_PER_PERSON, rng.poisson(rng.logNormal(MU, SIGMA) * factor));
  if (count === 0) return span;

  // A buying cycle happening now is what intent means: the burst sits closer to today.
  const burst = Math.floor(WINDOW * Math.pow(rng.next(), Math.exp(0.8 * input.intent)));
  const hot = sigmoid(HOT_BASE + HOT_SLOPE * input.intent);
  const truth = new BehaviourTally();
  const spread = (3 + rng.int(20)) * DAY_MINUTES;
  for (let i = 0; i < count; i += 1) {
    const t = rng.chance(0.65) ? burst + rng.normal() * spread : rng.int(WINDOW);
    times[i] = Math.min(WINDOW - 1, Math.max(0, Math.floor(t)));
  }
  const sorted = times.subarray(0, count).sort();
  const hubspotShare = input.inHubSpot ? HUBSPOT_SHARE[input.presence] : 0;
  for (let i = count - 1; i >= 0; i -= 1) {
    const minutesAgo = sorted[i] ?? 0;
    const inHubSpot = rng.next() < hubspotShare;
    const buying = rng.chance(hot) ? (inHubSpot ? HUBSPOT_HOT : SALESFORCE_HOT).draw(rng) : undefined;
    let type = buying?.type ?? (inHubSpot ? HUBSPOT_TYPES.draw(rng) : SALESFORCE_TYPES.draw(rng));
    // An opted-out person's last marketing touch is often the unsubscribe itself.
    if (inHubSpot && input.optedOut && i === 0 && rng.chance(0.5)) type = 'unsubscribe';
    const activity = makeActivity(
      rng,
      clock,
      `a${out.length + 1}`,
      input.personKey,
      inHubSpot,
      type,
      minutesAgo,
    );
    if (buying?.fields && type === buying.type) Object.assign(activity, buying.fields);
    truth.add(activity, minutesAgo);
    out.push(activity);
    if (inHubSpot) {
      if (span.hubspotOldest < 0) span.hubspotOldest = minutesAgo;
      span.hubspotNewest = minutesAgo;
    } else {
      if (span.salesforceOldest < 0) span.salesforceOldest = minutesAgo;
      span.salesforceNewest = minutesAgo;
    }
  }
  span.behaviour = truth.value;
  return span;
}

/** Builds one activity with only the keys its type uses, so large datasets stay small in memory and JSON. */
function makeActivity(
  rng: Prng,
  clock: SandboxClock,
  key: string,
  personKey: string,
  inHubSpot: boolean,
  type: ActivityType,
  minutesAgo: number,
): SandboxActivity {
  const activity: SandboxActivity = {
    key,
    personKey,
    crm: inHubSpot ? 'hubspot' : 'salesforce',
    type,
    occurredAt: clock.minutesAgo(minutesAgo),
  };
  switch (type) {
    case 'page_view':
      activity.url = PAGE_URLS.draw(rng);
      break;
    case 'form_submission':
      activity.name = FORM_NAMES.draw(rng);
      break;
    case 'content_download': {
      const item = CONTENT_ITEMS.draw(rng);
      activity.name = item.name;
      activity.url = item.url;
      activity.tag = item.tag;
      break;
    }
    case 'email_open':
    case 'email_click':
    case 'email_bounce':
    case 'unsubscribe':
      activity.name = rng.pick(EMAIL_CAMPAIGNS);
      activity.campaign = activity.name;
      break;
    case 'webinar':
      activity.name = rng.pick(WEBINARS);
      break;
    case 'meeting':
      activity.name = rng.pick(MEETING_TITLES);
      break;
    case 'call':
      activity.name = rng.pick(CALL_SUBJECTS);
      break;
    case 'email_reply':
      activity.name = rng.pick(REPLY_SUBJECTS);
      break;
    case 'campaign_response':
      activity.name = 'Responded';
      activity.campaign = rng.pick(SALES_CAMPAIGNS);
      break;
    case 'custom':
      activity.name = 'custom event';
      break;
  }
  return activity;
}
