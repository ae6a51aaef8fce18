/**
 * Contact rollup properties HubSpot computes from activity: counts and last-dates. One activity yields
 * the property changes it causes, so load-time and runtime activities keep rollups consistent.
 */
import type { ActivityType } from '../../../src/domain/activity.ts';

type Props = Readonly<Record<string, string | undefined>>;

function plusOne(props: Props, name: string): string {
  return String(Number(props[name] ?? '0') + 1);
}

function latest(props: Props, name: string, ms: number): string | undefined {
  const current = props[name];
  if (current !== undefined && Date.parse(current) >= ms) return undefined;
  return new Date(ms).toISOString();
}

/** Sales activity (meeting, call, reply) rollups: last activity, last engagement, number of sales activities. */
function salesActivity(props: Props, ms: number, out: Record<string, string>): void {
  out.num_contacted_notes = plusOne(props, 'num_contacted_notes');
  const last = latest(props, 'notes_last_updated', ms);
  if (last) out.notes_last_updated = last;
  const engaged = latest(props, 'hs_last_sales_activity_timestamp', ms);
  if (engaged) out.hs_last_sales_activity_timestamp = engaged;
}

/** The rollup changes one activity causes on its contact (empty for custom behavioural events). */
export function rollupChanges(props: Props, type: ActivityType, ms: number, name: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (prop: string): void => {
    const value = latest(props, prop, ms);
    if (value) out[prop] = value;
  };
  switch (type) {
    case 'page_view':
      out.hs_analytics_num_page_views = plusOne(props, 'hs_analytics_num_page_views');
      set('hs_analytics_last_timestamp');
      break;
    case 'form_submission':
      out.num_conversion_events = plusOne(props, 'num_conversion_events');
      set('hs_analytics_last_timestamp');
      if (latest(props, 'recent_conversion_date', ms)) {
        out.recent_conversion_date = new Date(ms).toISOString();
        if (name) out.recent_conversion_event_name = name;
      }
      break;
    case 'email_open':
      out.hs_email_open = plusOne(props, 'hs_email_open');
      set('hs_email_last_open_date');
      break;
    case 'email_click':
      out.hs_email_click = plusOne(props, 'hs_email_click');
      set('hs_email_last_click_date');
      break;
    case 'email_bounce':
      out.hs_email_bounce = plusOne(props, 'hs_email_bounce');
      break;
    case 'unsubscribe':
      if (props.hs_email_optout !== 'true') out.hs_email_optout = 'true';
      break;
    case 'meeting':
    case 'call':
      salesActivity(props, ms, out);
      set('notes_last_contacted');
      break;
    case 'email_reply':
      salesActivity(props, ms, out);
      set('hs_sales_email_last_replied');
      break;
    case 'content_download':
    case 'webinar':
    case 'campaign_response':
    case 'custom':
      break;
  }
  return out;
}
