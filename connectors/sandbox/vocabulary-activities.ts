/**
 * What generated people do: the vendor's web pages, forms, content, emails, webinars, and the sales
 * touches Salesforce records. Weights give the long-tailed mix a real marketing database shows (page
 * views and email opens dominate; demo requests and meetings are rare and valuable).
 */
import type { ActivityType } from '../../src/domain/activity.ts';

/** The company running leadloop; its website is what generated people browse. */
export const VENDOR_SITE = 'https://www.leadloop-demo.example';

/** Page paths by weight: `/pricing` and `/careers` are what the example model rewards and penalises. */
export const PAGES: readonly (readonly [string, number])[] = [
  ['/', 20],
  ['/product', 10],
  ['/pricing', 7],
  ['/features/lead-scoring', 5],
  ['/features/integrations', 4],
  ['/customers', 4],
  ['/blog/what-is-an-mql', 6],
  ['/blog/lead-scoring-for-manufacturers', 5],
  ['/blog/hubspot-salesforce-sync', 5],
  ['/docs', 4],
  ['/careers', 4],
  ['/about', 3],
  ['/contact', 3],
  ['/events', 2],
];

/** Form submissions by weight (the form name is what a scoring rule matches). */
export const FORMS: readonly (readonly [string, number])[] = [
  ['Newsletter signup', 45],
  ['Contact us', 25],
  ['Request a demo', 15],
  ['Free trial signup', 10],
  ['Event registration', 5],
];

/** Downloadable content; the tag is what the example model scores (a product flyer means buying intent). */
export const CONTENT: readonly (readonly [{ name: string; tag: string; file: string }, number])[] = [
  [{ name: 'The State of Lead Scoring 2026', tag: 'whitepaper', file: 'state-of-lead-scoring-2026.pdf' }, 30],
  [{ name: 'Smart Factory Sales Playbook', tag: 'whitepaper', file: 'smart-factory-playbook.pdf' }, 20],
  [{ name: 'leadloop Product Flyer', tag: 'product-flyer', file: 'leadloop-flyer.pdf' }, 15],
  [{ name: 'Pricing and Editions Overview', tag: 'product-flyer', file: 'editions.pdf' }, 8],
  [{ name: 'How Stahlwerk Doubled SQLs', tag: 'case-study', file: 'case-study-stahlwerk.pdf' }, 15],
  [{ name: 'Machine Builder Case Study', tag: 'case-study', file: 'case-study-machine-builder.pdf' }, 12],
];

export const EMAIL_CAMPAIGNS = [
  'Monthly Newsletter',
  'Product Update: Two-Way Sync',
  'Webinar Invitation',
  'Customer Story of the Month',
  'Trade Show Follow-Up',
  'Nurture: Scoring Basics 1/3',
  'Nurture: Scoring Basics 2/3',
  'Nurture: Scoring Basics 3/3',
];

export const WEBINARS = [
  'Lead Scoring 101',
  'Aligning Marketing and Sales on the MQL',
  'Live Demo: leadloop in 30 Minutes',
  'Industry 4.0 Sales Pipelines',
];

/** Salesforce campaigns people respond to (CampaignMember status "Responded"). */
export const SALES_CAMPAIGNS = [
  'Hannover Messe 2026 Booth',
  'Automatica 2026 Booth',
  'Q2 Executive Dinner',
  'Partner Co-Marketing Webinar',
  'Direct Mail: Smart Factory Kit',
];

export const MEETING_TITLES = ['Discovery call', 'Product demo', 'Technical deep dive', 'Pricing discussion'];
export const CALL_SUBJECTS = ['Call', 'Follow-up call', 'Cold call', 'Left voicemail'];
export const REPLY_SUBJECTS = [
  'Re: Your demo request',
  'Re: Pricing question',
  'Re: Following up',
  'Re: Intro',
];

/** Activity mix recorded in HubSpot (marketing behaviour plus some sales engagements logged there). */
export const HUBSPOT_MIX: readonly (readonly [ActivityType, number])[] = [
  ['page_view', 46],
  ['email_open', 22],
  ['email_click', 8],
  ['form_submission', 6],
  ['content_download', 5],
  ['webinar', 2],
  ['email_bounce', 0.8],
  ['unsubscribe', 0.6],
  ['meeting', 1],
  ['call', 1.5],
];

/** An activity as someone in a buying cycle does it: the type, and the page, form or content when it matters. */
export interface HotActivity {
  readonly type: ActivityType;
  readonly fields?: { readonly url?: string; readonly name?: string; readonly tag?: string };
}

/** What people in a buying cycle do instead of browsing the blog: pricing, demo requests, flyers, meetings. */
export const HUBSPOT_HOT_MIX: readonly (readonly [HotActivity, number])[] = [
  [{ type: 'page_view', fields: { url: `${VENDOR_SITE}/pricing` } }, 30],
  [{ type: 'form_submission', fields: { name: 'Request a demo' } }, 12],
  [{ type: 'form_submission', fields: { name: 'Contact us' } }, 14],
  [
    {
      type: 'content_download',
      fields: {
        name: 'leadloop Product Flyer',
        tag: 'product-flyer',
        url: `${VENDOR_SITE}/resources/leadloop-flyer.pdf`,
      },
    },
    4,
  ],
  [{ type: 'webinar' }, 14],
  [{ type: 'email_click' }, 18],
  [{ type: 'meeting' }, 8],
];

/** The sales side of a buying cycle: meetings and replies rather than cold calls. */
export const SALESFORCE_HOT_MIX: readonly (readonly [HotActivity, number])[] = [
  [{ type: 'meeting' }, 45],
  [{ type: 'email_reply' }, 35],
  [{ type: 'call' }, 20],
];

/** Activity mix recorded in Salesforce: tasks (calls, email replies), events (meetings), campaign members. */
export const SALESFORCE_MIX: readonly (readonly [ActivityType, number])[] = [
  ['call', 40],
  ['email_reply', 20],
  ['meeting', 15],
  ['campaign_response', 25],
];
