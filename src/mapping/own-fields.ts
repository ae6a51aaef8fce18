/**
 * leadloop's own fields in both CRMs, named from the configured prefix (`fields.prefix`, default
 * `leadloop`): HubSpot `leadloop_score`, Salesforce `Leadloop_Score__c`, with the same names on Lead and
 * Contact. Each has a stable key (`score`, `mqlDate`, `linkedId`...) that terminology labels it by
 * (`terminology.fields.<key>`) and the sync plan writes it by.
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldSpec, FieldType, PicklistOption } from '../domain/field.ts';
import { Grade, Level } from '../scoring/schema.ts';
import { StageKey } from '../stages/schema.ts';

/** Stage → the key of the field holding the date the person last entered it. */
export const STAGE_DATE_KEYS = {
  MIL: 'milDate',
  MQL: 'mqlDate',
  SAL: 'salDate',
  SQL: 'sqlDate',
  WON: 'wonDate',
  RECYCLED: 'recycledDate',
  DISQUALIFIED: 'disqualifiedDate',
} as const satisfies Record<StageKey, string>;

/** Values of the SLA status field. */
export const SLA_STATUSES = ['pending', 'met', 'breached', 'reassigned'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

interface Definition {
  /** After the prefix: `leadloop_<hubspot>`, `Leadloop_<salesforce>__c`. */
  readonly hubspot: string;
  readonly salesforce: string;
  readonly label: string;
  readonly type: FieldType;
  readonly options?: readonly string[];
  readonly length?: number;
  readonly description: string;
}

const option = (value: string): PicklistOption => ({ value, label: value, active: true });
const stageDate = (stage: StageKey, label: string): Definition => ({
  hubspot: `${stage.toLowerCase()}_date`,
  salesforce: `${label}_Date`,
  label: `${label} Date`,
  type: 'datetime',
  description: `When the person last entered stage ${stage}.`,
});

const DEFINITIONS = {
  score: {
    hubspot: 'score',
    salesforce: 'Score',
    label: 'Score',
    type: 'number',
    description: 'Total score: profile + engagement.',
  },
  profileScore: {
    hubspot: 'profile_score',
    salesforce: 'Profile_Score',
    label: 'Profile Score',
    type: 'number',
    description: 'Fit with the ideal customer (explicit).',
  },
  engagementScore: {
    hubspot: 'engagement_score',
    salesforce: 'Engagement_Score',
    label: 'Engagement Score',
    type: 'number',
    description: 'Behaviour, decayed over time (implicit).',
  },
  grade: {
    hubspot: 'grade',
    salesforce: 'Grade',
    label: 'Grade',
    type: 'picklist',
    options: Grade.options,
    description: 'Profile grade A (best) to D.',
  },
  level: {
    hubspot: 'level',
    salesforce: 'Level',
    label: 'Level',
    type: 'picklist',
    options: Level.options,
    description: 'Engagement level 1 (most engaged) to 4.',
  },
  cell: {
    hubspot: 'cell',
    salesforce: 'Cell',
    label: 'Matrix Cell',
    type: 'picklist',
    options: Grade.options.flatMap((g) => Level.options.map((l) => `${g}${l}`)),
    description: 'Grade × level, A1 to D4.',
  },
  stage: {
    hubspot: 'stage',
    salesforce: 'Stage',
    label: 'Stage',
    type: 'picklist',
    options: StageKey.options,
    description: 'Lead stage.',
  },
  milDate: stageDate('MIL', 'MIL'),
  mqlDate: stageDate('MQL', 'MQL'),
  salDate: stageDate('SAL', 'SAL'),
  sqlDate: stageDate('SQL', 'SQL'),
  wonDate: stageDate('WON', 'Won'),
  recycledDate: stageDate('RECYCLED', 'Recycled'),
  disqualifiedDate: stageDate('DISQUALIFIED', 'Disqualified'),
  explanation: {
    hubspot: 'explanation',
    salesforce: 'Explanation',
    label: 'Score Explanation',
    type: 'textarea',
    description: 'Why the person has this score.',
  },
  modelVersion: {
    hubspot: 'model_version',
    salesforce: 'Model_Version',
    label: 'Model Version',
    type: 'string',
    length: 64,
    description: 'Scoring model version of the written score.',
  },
  linkedId: {
    hubspot: 'salesforce_id',
    salesforce: 'HubSpot_Id',
    label: 'Linked Record Id',
    type: 'string',
    length: 32,
    description: 'Id of the same person in the other CRM (unique external id: creates upsert on it).',
  },
  recycleCount: {
    hubspot: 'recycle_count',
    salesforce: 'Recycle_Count',
    label: 'Recycle Count',
    type: 'number',
    description: 'How often the person was passed back to marketing.',
  },
  slaStatus: {
    hubspot: 'sla_status',
    salesforce: 'SLA_Status',
    label: 'SLA Status',
    type: 'picklist',
    options: SLA_STATUSES,
    description: 'Whether sales accepted the MQL within the SLA.',
  },
} as const satisfies Record<string, Definition>;

export type OwnFieldKey = keyof typeof DEFINITIONS;
export const OWN_FIELD_KEYS = Object.keys(DEFINITIONS) as OwnFieldKey[];

export const DEFAULT_PREFIX = 'leadloop';

const capitalised = (prefix: string): string => prefix.charAt(0).toUpperCase() + prefix.slice(1);

/** The API name of one of leadloop's fields in one CRM (the same on Salesforce Lead and Contact). */
export function ownFieldName(crm: CrmName, key: OwnFieldKey, prefix: string = DEFAULT_PREFIX): string {
  const d: Definition = DEFINITIONS[key];
  return crm === 'hubspot' ? `${prefix}_${d.hubspot}` : `${capitalised(prefix)}_${d.salesforce}__c`;
}

/** The key of an own field from its API name, or undefined when it is not one of leadloop's. */
export function ownFieldKey(
  crm: CrmName,
  name: string,
  prefix: string = DEFAULT_PREFIX,
): OwnFieldKey | undefined {
  return OWN_FIELD_KEYS.find((key) => ownFieldName(crm, key, prefix) === name);
}

export interface OwnFieldOptions {
  readonly prefix?: string;
  /** `fields.explanationLength`: the explanation field's length. */
  readonly explanationLength?: number;
}

/** The fields to provision on one object (`contacts`, `Lead`, `Contact`), keyed by own-field key. */
export function ownFieldSpecs(
  crm: CrmName,
  objectApiName: string,
  options: OwnFieldOptions = {},
): Record<OwnFieldKey, FieldSpec> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const brand = capitalised(prefix);
  const specs = {} as Record<OwnFieldKey, FieldSpec>;
  for (const key of OWN_FIELD_KEYS) {
    const d: Definition = DEFINITIONS[key];
    const length = key === 'explanation' ? (options.explanationLength ?? 255) : d.length;
    specs[key] = {
      object: objectApiName,
      name: ownFieldName(crm, key, prefix),
      label: `${brand} ${d.label}`,
      type: d.type,
      ...(length === undefined ? {} : { length }),
      ...(d.options ? { options: d.options.map(option) } : {}),
      description: d.description,
      group: prefix,
      ...(key === 'linkedId' ? { externalId: true } : {}),
    };
  }
  return specs;
}
