/**
 * Contact rollup properties HubSpot computes from activity: counts and last-dates. One rule table serves
 * both the runtime path (one activity → property changes) and the bulk-load tally (numbers first,
 * strings once per contact), so load-time and runtime rollups always agree.
 */
import type { ActivityType } from '../../../src/domain/activity.ts';

interface RollupRule {
  /** Counters incremented by one. */
  count?: readonly string[];
  /** Dates moved forward to the activity time. */
  latest?: readonly string[];
  /** A property set to a fixed value. */
  flag?: readonly [string, string];
  /** Holds the name of the most recent such activity. */
  latestName?: string;
}

const SALES = ['notes_last_updated', 'hs_last_sales_activity_timestamp'] as const;

/** Activity type → rollups; custom behavioural events (downloads, webinars, campaign, custom) have none. */
const RULES: Record<ActivityType, RollupRule> = {
  page_view: { count: ['hs_analytics_num_page_views'], latest: ['hs_analytics_last_timestamp'] },
  form_submission: {
    count: ['num_conversion_events'],
    latest: ['hs_analytics_last_timestamp', 'recent_conversion_date'],
    latestName: 'recent_conversion_event_name',
  },
  email_open: { count: ['hs_email_open'], latest: ['hs_email_last_open_date'] },
  email_click: { count: ['hs_email_click'], latest: ['hs_email_last_click_date'] },
  email_bounce: { count: ['hs_email_bounce'] },
  unsubscribe: { flag: ['hs_email_optout', 'true'] },
  meeting: { count: ['num_contacted_notes'], latest: [...SALES, 'notes_last_contacted'] },
  call: { count: ['num_contacted_notes'], latest: [...SALES, 'notes_last_contacted'] },
  email_reply: { count: ['num_contacted_notes'], latest: [...SALES, 'hs_sales_email_last_replied'] },
  content_download: {},
  webinar: {},
  campaign_response: {},
  custom: {},
};

type Props = Readonly<Record<string, string | undefined>>;

/** The property changes one activity causes on its contact (empty when it changes nothing). */
export function rollupChanges(
  props: Props,
  type: ActivityType,
  ms: number,
  name: string | null | undefined,
): Record<string, string> {
  const rule = RULES[type];
  const out: Record<string, string> = {};
  for (const p of rule.count ?? []) out[p] = String(Number(props[p] ?? '0') + 1);
  let newest = false;
  for (const p of rule.latest ?? []) {
    const current = props[p];
    if (current === undefined || Date.parse(current) < ms) {
      out[p] = new Date(ms).toISOString();
      newest = true;
    }
  }
  if (rule.latestName && name && newest) out[rule.latestName] = name;
  if (rule.flag && props[rule.flag[0]] !== rule.flag[1]) out[rule.flag[0]] = rule.flag[1];
  return out;
}

/** Bulk-load accumulator: numbers per contact, turned into property strings once at the end. */
export class RollupTally {
  private readonly counts = new Map<number, Map<string, number>>();
  private readonly latest = new Map<number, Map<string, number>>();
  private readonly fixed = new Map<number, Map<string, string>>();

  /** Returns the activity time when it changed a rollup (the contact's modified date follows it). */
  add(contactId: number, type: ActivityType, ms: number, name: string | null | undefined): boolean {
    const rule = RULES[type];
    let touched = false;
    for (const p of rule.count ?? []) {
      const m = ensure(this.counts, contactId);
      m.set(p, (m.get(p) ?? 0) + 1);
      touched = true;
    }
    let newest = false;
    for (const p of rule.latest ?? []) {
      const m = ensure(this.latest, contactId);
      if ((m.get(p) ?? Number.NEGATIVE_INFINITY) < ms) {
        m.set(p, ms);
        newest = true;
      }
    }
    if (rule.latestName && name && newest) ensure(this.fixed, contactId).set(rule.latestName, name);
    if (rule.flag) ensure(this.fixed, contactId).set(rule.flag[0], rule.flag[1]);
    return touched || newest || rule.flag !== undefined;
  }

  /** Writes the tallied rollups into each contact's properties. */
  apply(propsOf: (contactId: number) => Record<string, string> | undefined): void {
    for (const [id, m] of this.counts) {
      const props = propsOf(id);
      if (props) for (const [p, n] of m) props[p] = String(n);
    }
    for (const [id, m] of this.latest) {
      const props = propsOf(id);
      if (props) for (const [p, ms] of m) props[p] = new Date(ms).toISOString();
    }
    for (const [id, m] of this.fixed) {
      const props = propsOf(id);
      if (props) for (const [p, v] of m) props[p] = v;
    }
  }
}

function ensure<V>(map: Map<number, Map<string, V>>, id: number): Map<string, V> {
  let m = map.get(id);
  if (!m) {
    m = new Map();
    map.set(id, m);
  }
  return m;
}
