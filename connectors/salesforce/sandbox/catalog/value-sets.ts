/**
 * The standard picklist value sets a fresh org ships with. They are org data, not API contract, so the
 * dataset loader adds any further values the dataset uses (as an admin would have).
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/standardvalueset_names.htm
 */
import type { PicklistValueDef } from './field-def.ts';

type Extra = Partial<Pick<PicklistValueDef, 'converted' | 'closed' | 'won' | 'responded' | 'default'>>;

function values(entries: ReadonlyArray<string | [string, Extra]>): PicklistValueDef[] {
  return entries.map((entry) => {
    const [name, extra] = typeof entry === 'string' ? [entry, {}] : entry;
    return { valueName: name, label: name, default: false, active: true, ...extra };
  });
}

export function defaultValueSets(): Map<string, PicklistValueDef[]> {
  return new Map<string, PicklistValueDef[]>([
    [
      'LeadStatus',
      values([
        ['Open - Not Contacted', { default: true }],
        'Working - Contacted',
        ['Closed - Converted', { converted: true }],
        'Closed - Not Converted',
      ]),
    ],
    ['LeadSource', values(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'])],
    [
      'Industry',
      values([
        'Agriculture',
        'Apparel',
        'Banking',
        'Biotechnology',
        'Chemicals',
        'Communications',
        'Construction',
        'Consulting',
        'Education',
        'Electronics',
        'Energy',
        'Engineering',
        'Entertainment',
        'Environmental',
        'Finance',
        'Food & Beverage',
        'Government',
        'Healthcare',
        'Hospitality',
        'Insurance',
        'Machinery',
        'Manufacturing',
        'Media',
        'Not For Profit',
        'Recreation',
        'Retail',
        'Shipping',
        'Technology',
        'Telecommunications',
        'Transportation',
        'Utilities',
        'Other',
      ]),
    ],
    ['Salutation', values(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'])],
    ['AccountRating', values(['Hot', 'Warm', 'Cold'])],
    ['AccountType', values(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'])],
    [
      'OpportunityStage',
      values([
        'Prospecting',
        'Qualification',
        'Needs Analysis',
        'Value Proposition',
        'Id. Decision Makers',
        'Perception Analysis',
        'Proposal/Price Quote',
        'Negotiation/Review',
        ['Closed Won', { closed: true, won: true }],
        ['Closed Lost', { closed: true }],
      ]),
    ],
    [
      'OpportunityType',
      values(['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'New Customer']),
    ],
    [
      'OpportunityContactRole',
      values([
        'Business User',
        'Decision Maker',
        'Economic Buyer',
        'Economic Decision Maker',
        'Evaluator',
        'Influencer',
        'Other',
      ]),
    ],
    [
      'TaskStatus',
      values([
        ['Not Started', { default: true }],
        'In Progress',
        ['Completed', { closed: true }],
        'Waiting on someone else',
        'Deferred',
      ]),
    ],
    ['TaskPriority', values(['High', ['Normal', { default: true }], 'Low'])],
    ['UserType', values([['Standard', { default: true }], 'PowerPartner', 'CspLitePortal', 'Guest'])],
    ['TaskSubtype', values(['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'])],
    ['TaskSubject', values(['Call', 'Send Letter', 'Send Quote', 'Other'])],
    ['EventSubject', values(['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'])],
    ['EventSubtype', values(['Event'])],
    ['CallType', values(['Internal', 'Inbound', 'Outbound'])],
    [
      'CampaignType',
      values([
        'Conference',
        'Webinar',
        'Trade Show',
        'Public Relations',
        'Partners',
        'Referral Program',
        'Advertisement',
        'Banner Ads',
        'Direct Mail',
        'Email',
        'Telemarketing',
        'Other',
      ]),
    ],
    ['CampaignStatus', values(['Planned', 'In Progress', 'Completed', 'Aborted'])],
    [
      'CampaignMemberStatus',
      values([
        ['Sent', { default: true }],
        ['Responded', { responded: true }],
      ]),
    ],
  ]);
}
