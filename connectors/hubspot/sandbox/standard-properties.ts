/**
 * Seed property definitions: HubSpot's standard contact and engagement properties the scoring model and
 * connectors touch, with HubSpot's internal names, labels, types, field types and option values.
 */
import type {
  ObjectTypeName,
  PropertyDefinition,
  PropertyGroup,
  PropertyOption,
  PropertyType,
} from './property-types.ts';

const SEEDED_AT = '2019-08-06T02:41:52.000Z';

type Seed = [
  name: string,
  label: string,
  type: PropertyType,
  fieldType: string,
  group: string,
  extra?: Partial<PropertyDefinition>,
];

function options(pairs: ReadonlyArray<readonly [string, string]>): PropertyOption[] {
  return pairs.map(([value, label], displayOrder) => ({
    label,
    value,
    hidden: false,
    displayOrder,
    description: '',
  }));
}

/** Values HubSpot computes (rollups, system dates): readable, filterable, never writable. */
const CALCULATED: Partial<PropertyDefinition> = {
  calculated: true,
  formField: false,
  modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
};

const LIFECYCLE = options([
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
]);

const LEAD_STATUS = options([
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
]);

export const ANALYTICS_SOURCES = options([
  ['ORGANIC_SEARCH', 'Organic Search'],
  ['PAID_SEARCH', 'Paid Search'],
  ['EMAIL_MARKETING', 'Email Marketing'],
  ['SOCIAL_MEDIA', 'Organic Social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other Campaigns'],
  ['DIRECT_TRAFFIC', 'Direct Traffic'],
  ['OFFLINE', 'Offline Sources'],
  ['PAID_SOCIAL', 'Paid Social'],
  ['AI_REFERRALS', 'AI Referrals'],
]);

/** Contact "Number of Employees" is a range picklist in HubSpot (companies carry the raw number). */
export const EMPLOYEE_RANGES = options([
  ['1-5', '1-5'],
  ['5-25', '5-25'],
  ['25-50', '25-50'],
  ['50-100', '50-100'],
  ['100-500', '100-500'],
  ['500-1000', '500-1000'],
  ['1000+', '1000+'],
]);

const CONTACT_SEEDS: Seed[] = [
  ['email', 'Email', 'string', 'text', 'contactinformation', { hasUniqueValue: false }],
  ['firstname', 'First Name', 'string', 'text', 'contactinformation'],
  ['lastname', 'Last Name', 'string', 'text', 'contactinformation'],
  ['jobtitle', 'Job Title', 'string', 'text', 'contactinformation'],
  ['phone', 'Phone Number', 'phone_number', 'phonenumber', 'contactinformation'],
  ['mobilephone', 'Mobile Phone Number', 'phone_number', 'phonenumber', 'contactinformation'],
  ['company', 'Company Name', 'string', 'text', 'contactinformation'],
  // Read-only since 2019 (changelog 2019-01-24): HubSpot sets it from the primary company association.
  [
    'associatedcompanyid',
    'Primary Associated Company ID',
    'number',
    'number',
    'contactinformation',
    CALCULATED,
  ],
  ['website', 'Website URL', 'string', 'text', 'contactinformation'],
  ['industry', 'Industry', 'string', 'text', 'contactinformation'],
  [
    'numberofemployees',
    'Number of Employees',
    'enumeration',
    'select',
    'contactinformation',
    { options: EMPLOYEE_RANGES },
  ],
  ['annualrevenue', 'Annual Revenue', 'string', 'text', 'contactinformation'],
  ['country', 'Country/Region', 'string', 'text', 'contactinformation'],
  ['city', 'City', 'string', 'text', 'contactinformation'],
  ['state', 'State/Region', 'string', 'text', 'contactinformation'],
  ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', { options: LIFECYCLE }],
  ['hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', { options: LEAD_STATUS }],
  [
    'hubspot_owner_id',
    'Contact owner',
    'enumeration',
    'select',
    'sales_properties',
    { externalOptions: true },
  ],
  [
    'hs_email_optout',
    'Unsubscribed from all email',
    'bool',
    'booleancheckbox',
    'emailinformation',
    {
      options: options([
        ['true', 'Yes'],
        ['false', 'No'],
      ]),
    },
  ],
  [
    'hs_analytics_source',
    'Original Traffic Source',
    'enumeration',
    'select',
    'analyticsinformation',
    {
      options: ANALYTICS_SOURCES,
      modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
    },
  ],
  [
    'hs_analytics_source_data_1',
    'Original Traffic Source Drill-Down 1',
    'string',
    'text',
    'analyticsinformation',
  ],
  ['createdate', 'Create Date', 'datetime', 'date', 'contactinformation', CALCULATED],
  ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'contactinformation', CALCULATED],
  ['hs_object_id', 'Record ID', 'number', 'number', 'contactinformation', CALCULATED],
  [
    'hs_analytics_num_page_views',
    'Number of Pageviews',
    'number',
    'number',
    'analyticsinformation',
    CALCULATED,
  ],
  ['hs_analytics_last_timestamp', 'Time Last Seen', 'datetime', 'date', 'analyticsinformation', CALCULATED],
  [
    'num_conversion_events',
    'Number of Form Submissions',
    'number',
    'number',
    'conversioninformation',
    CALCULATED,
  ],
  [
    'recent_conversion_date',
    'Recent Conversion Date',
    'datetime',
    'date',
    'conversioninformation',
    CALCULATED,
  ],
  [
    'recent_conversion_event_name',
    'Recent Conversion',
    'string',
    'text',
    'conversioninformation',
    CALCULATED,
  ],
  ['hs_email_open', 'Marketing emails opened', 'number', 'number', 'emailinformation', CALCULATED],
  ['hs_email_click', 'Marketing emails clicked', 'number', 'number', 'emailinformation', CALCULATED],
  ['hs_email_bounce', 'Marketing emails bounced', 'number', 'number', 'emailinformation', CALCULATED],
  [
    'hs_email_last_open_date',
    'Last marketing email open date',
    'datetime',
    'date',
    'emailinformation',
    CALCULATED,
  ],
  [
    'hs_email_last_click_date',
    'Last marketing email click date',
    'datetime',
    'date',
    'emailinformation',
    CALCULATED,
  ],
  ['notes_last_updated', 'Last Activity Date', 'datetime', 'date', 'contact_activity', CALCULATED],
  ['notes_last_contacted', 'Last Contacted', 'datetime', 'date', 'contact_activity', CALCULATED],
  [
    'hs_last_sales_activity_timestamp',
    'Last Engagement Date',
    'datetime',
    'date',
    'contact_activity',
    CALCULATED,
  ],
  [
    'hs_sales_email_last_replied',
    'Recent Sales Email Replied Date',
    'datetime',
    'date',
    'contact_activity',
    CALCULATED,
  ],
  ['num_contacted_notes', 'Number of Sales Activities', 'number', 'number', 'contact_activity', CALCULATED],
  // Set by merges (record-merge.ts): the ids merged into a contact, and the merged-away contacts' emails.
  ['hs_merged_object_ids', 'Merged Contact IDs', 'enumeration', 'checkbox', 'contactinformation', CALCULATED],
  [
    'hs_additional_emails',
    'Additional email addresses',
    'enumeration',
    'checkbox',
    'contactinformation',
    CALCULATED,
  ],
];

const ENGAGEMENT_COMMON: Seed[] = [
  ['hs_timestamp', 'Activity date', 'datetime', 'date', 'engagement'],
  [
    'hubspot_owner_id',
    'Activity assigned to',
    'enumeration',
    'select',
    'engagement',
    { externalOptions: true },
  ],
  ['hs_createdate', 'Create date', 'datetime', 'date', 'engagement', CALCULATED],
  ['hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', 'engagement', CALCULATED],
  ['hs_object_id', 'Record ID', 'number', 'number', 'engagement', CALCULATED],
];

/** Company properties account scoring reads (companies guide; `numberofemployees` is a plain number here). */
const COMPANY_SEEDS: Seed[] = [
  ['name', 'Company name', 'string', 'text', 'companyinformation'],
  ['domain', 'Company Domain Name', 'string', 'text', 'companyinformation'],
  ['industry', 'Industry', 'enumeration', 'select', 'companyinformation', { options: [] }],
  ['numberofemployees', 'Number of Employees', 'number', 'number', 'companyinformation'],
  ['annualrevenue', 'Annual Revenue', 'number', 'number', 'companyinformation'],
  ['country', 'Country/Region', 'string', 'text', 'companyinformation'],
  ['createdate', 'Create Date', 'datetime', 'date', 'companyinformation', CALCULATED],
  ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'companyinformation', CALCULATED],
  ['hs_object_id', 'Record ID', 'number', 'number', 'companyinformation', CALCULATED],
];

const ENGAGEMENT_SEEDS: Record<Exclude<ObjectTypeName, 'contacts' | 'companies'>, Seed[]> = {
  emails: [
    [
      'hs_email_direction',
      'Email direction',
      'enumeration',
      'select',
      'email',
      {
        options: options([
          ['EMAIL', 'Sent by the owner'],
          ['INCOMING_EMAIL', 'Reply from the contact'],
          ['FORWARDED_EMAIL', 'Forwarded'],
        ]),
      },
    ],
    [
      'hs_email_status',
      'Email send status',
      'enumeration',
      'select',
      'email',
      {
        options: options([
          ['BOUNCED', 'Bounced'],
          ['FAILED', 'Failed'],
          ['SCHEDULED', 'Scheduled'],
          ['SENDING', 'Sending'],
          ['SENT', 'Sent'],
        ]),
      },
    ],
    ['hs_email_subject', 'Email subject', 'string', 'text', 'email'],
    ['hs_email_text', 'Email body', 'string', 'textarea', 'email'],
  ],
  calls: [
    ['hs_call_title', 'Call title', 'string', 'text', 'call'],
    ['hs_call_body', 'Call notes', 'string', 'textarea', 'call'],
    [
      'hs_call_direction',
      'Call direction',
      'enumeration',
      'select',
      'call',
      {
        options: options([
          ['INBOUND', 'Inbound'],
          ['OUTBOUND', 'Outbound'],
        ]),
      },
    ],
    ['hs_call_duration', 'Call duration', 'number', 'number', 'call'],
    [
      'hs_call_status',
      'Call status',
      'enumeration',
      'select',
      'call',
      {
        options: options([
          ['COMPLETED', 'Completed'],
          ['BUSY', 'Busy'],
          ['NO_ANSWER', 'No answer'],
          ['FAILED', 'Failed'],
          ['CANCELED', 'Canceled'],
        ]),
      },
    ],
  ],
  meetings: [
    ['hs_meeting_title', 'Meeting name', 'string', 'text', 'meeting'],
    ['hs_meeting_body', 'Meeting description', 'string', 'textarea', 'meeting'],
    ['hs_meeting_start_time', 'Start time', 'datetime', 'date', 'meeting'],
    ['hs_meeting_end_time', 'End time', 'datetime', 'date', 'meeting'],
    [
      'hs_meeting_outcome',
      'Meeting outcome',
      'enumeration',
      'select',
      'meeting',
      {
        options: options([
          ['SCHEDULED', 'Scheduled'],
          ['COMPLETED', 'Completed'],
          ['RESCHEDULED', 'Rescheduled'],
          ['NO_SHOW', 'No show'],
          ['CANCELED', 'Canceled'],
        ]),
      },
    ],
  ],
  notes: [['hs_note_body', 'Note body', 'string', 'textarea', 'note']],
  tasks: [
    ['hs_task_subject', 'Task title', 'string', 'text', 'task'],
    ['hs_task_body', 'Task notes', 'string', 'textarea', 'task'],
    [
      'hs_task_status',
      'Task status',
      'enumeration',
      'select',
      'task',
      {
        options: options([
          ['NOT_STARTED', 'Not started'],
          ['COMPLETED', 'Completed'],
        ]),
      },
    ],
    [
      'hs_task_priority',
      'Priority',
      'enumeration',
      'select',
      'task',
      {
        options: options([
          ['LOW', 'Low'],
          ['MEDIUM', 'Medium'],
          ['HIGH', 'High'],
        ]),
      },
    ],
    [
      'hs_task_type',
      'Task type',
      'enumeration',
      'select',
      'task',
      {
        options: options([
          ['EMAIL', 'Email'],
          ['CALL', 'Call'],
          ['TODO', 'To-do'],
        ]),
      },
    ],
  ],
};

const GROUP_LABELS: Record<string, string> = {
  contactinformation: 'Contact information',
  companyinformation: 'Company information',
  sales_properties: 'Sales properties',
  emailinformation: 'Email information',
  analyticsinformation: 'Web analytics history',
  conversioninformation: 'Conversion information',
  contact_activity: 'Contact activity',
  engagement: 'Activity information',
  email: 'Email information',
  call: 'Call information',
  meeting: 'Meeting information',
  note: 'Note information',
  task: 'Task information',
};

export function defineProperty(
  seed: Seed,
  displayOrder: number,
  at: string = SEEDED_AT,
  hubspotDefined = true,
): PropertyDefinition {
  const [name, label, type, fieldType, groupName, extra] = seed;
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: '',
    options: [],
    displayOrder,
    hidden: false,
    formField: true,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hubspotDefined,
    modificationMetadata: {
      archivable: !hubspotDefined,
      readOnlyDefinition: hubspotDefined,
      readOnlyValue: false,
      readOnlyOptions: false,
    },
    createdAt: at,
    updatedAt: at,
    archived: false,
    ...extra,
  };
}

export function standardProperties(objectType: ObjectTypeName): PropertyDefinition[] {
  const seeds =
    objectType === 'contacts'
      ? CONTACT_SEEDS
      : objectType === 'companies'
        ? COMPANY_SEEDS
        : [...ENGAGEMENT_COMMON, ...ENGAGEMENT_SEEDS[objectType]];
  return seeds.map((seed, i) => defineProperty(seed, i));
}

export function standardGroups(objectType: ObjectTypeName): PropertyGroup[] {
  const names = new Set(standardProperties(objectType).map((p) => p.groupName));
  return [...names].map((name, displayOrder) => ({
    name,
    label: GROUP_LABELS[name] ?? name,
    displayOrder,
    archived: false,
  }));
}
