/**
 * leadloop's own fields on company records (HubSpot companies, Salesforce Accounts) and the one person
 * field that carries the account's cell, named from `fields.prefix` like the person fields:
 * HubSpot `leadloop_account_score`, Salesforce `Leadloop_Account_Score__c`. Each has a stable key the
 * glossary labels it by (`terminology.fields.accountScore`).
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldSpec, FieldType, PicklistOption } from '../domain/field.ts';
import { DEFAULT_PREFIX } from '../mapping/own-fields.ts';
import { Grade, Level } from '../scoring/schema.ts';

interface Definition {
  readonly hubspot: string;
  readonly salesforce: string;
  readonly label: string;
  readonly type: FieldType;
  readonly options?: readonly string[];
  readonly length?: number;
  readonly description: string;
}

const CELLS = Grade.options.flatMap((g) => Level.options.map((l) => `${g}${l}`));

const COMPANY_DEFINITIONS = {
  accountScore: {
    hubspot: 'account_score',
    salesforce: 'Account_Score',
    label: 'Account Score',
    type: 'number',
    description: 'Account total: company profile + rolled-up engagement of its people.',
  },
  accountProfileScore: {
    hubspot: 'account_profile_score',
    salesforce: 'Account_Profile_Score',
    label: 'Account Profile Score',
    type: 'number',
    description: 'Fit of the company with the ideal customer.',
  },
  accountEngagementScore: {
    hubspot: 'account_engagement_score',
    salesforce: 'Account_Engagement_Score',
    label: 'Account Engagement Score',
    type: 'number',
    description: "The company's people's engagement, rolled up.",
  },
  accountGrade: {
    hubspot: 'account_grade',
    salesforce: 'Account_Grade',
    label: 'Account Grade',
    type: 'picklist',
    options: Grade.options,
    description: 'Company profile grade A (best) to D.',
  },
  accountLevel: {
    hubspot: 'account_level',
    salesforce: 'Account_Level',
    label: 'Account Level',
    type: 'picklist',
    options: Level.options,
    description: 'Account engagement level 1 (most engaged) to 4.',
  },
  accountCell: {
    hubspot: 'account_cell',
    salesforce: 'Account_Cell',
    label: 'Account Cell',
    type: 'picklist',
    options: CELLS,
    description: 'Account grade × level, A1 to D4.',
  },
  accountExplanation: {
    hubspot: 'account_explanation',
    salesforce: 'Account_Explanation',
    label: 'Account Score Explanation',
    type: 'textarea',
    length: 255,
    description: 'Why the account has this score.',
  },
  linkedCompanyId: {
    hubspot: 'salesforce_account_id',
    salesforce: 'HubSpot_Company_Id',
    label: 'Linked Company Id',
    type: 'string',
    length: 32,
    description: 'Id of the same company in the other CRM.',
  },
} as const satisfies Record<string, Definition>;

/** The person field: on HubSpot contacts and on Salesforce Lead and Contact. */
const PERSON_DEFINITION = {
  hubspot: 'account_cell',
  salesforce: 'Account_Cell',
  label: 'Account Cell',
  type: 'picklist',
  options: CELLS,
  description: "The cell of the person's account, A1 to D4.",
} as const satisfies Definition;

export type CompanyFieldKey = keyof typeof COMPANY_DEFINITIONS;
export const COMPANY_FIELD_KEYS = Object.keys(COMPANY_DEFINITIONS) as CompanyFieldKey[];
/** The glossary key of the person field carrying the account cell. */
export const PERSON_ACCOUNT_CELL_KEY = 'personAccountCell';
/** Every key the glossary may label among the account fields. */
export const ACCOUNT_FIELD_KEYS = [...COMPANY_FIELD_KEYS, PERSON_ACCOUNT_CELL_KEY] as const;
export type AccountFieldKey = (typeof ACCOUNT_FIELD_KEYS)[number];

const capitalised = (prefix: string): string => prefix.charAt(0).toUpperCase() + prefix.slice(1);

function apiName(crm: CrmName, d: Definition, prefix: string): string {
  return crm === 'hubspot' ? `${prefix}_${d.hubspot}` : `${capitalised(prefix)}_${d.salesforce}__c`;
}

/** The API name of one of leadloop's company fields in one CRM. */
export function companyFieldName(crm: CrmName, key: CompanyFieldKey, prefix = DEFAULT_PREFIX): string {
  return apiName(crm, COMPANY_DEFINITIONS[key], prefix);
}

/** The API name of the person field carrying the account cell (the same on Lead and Contact). */
export function personAccountCellField(crm: CrmName, prefix = DEFAULT_PREFIX): string {
  return apiName(crm, PERSON_DEFINITION, prefix);
}

function spec(
  objectApiName: string,
  name: string,
  d: Definition,
  label: string | undefined,
  prefix: string,
): FieldSpec {
  const option = (value: string): PicklistOption => ({ value, label: value, active: true });
  return {
    object: objectApiName,
    name,
    label: label ?? `${capitalised(prefix)} ${d.label}`,
    type: d.type,
    ...(d.length === undefined ? {} : { length: d.length }),
    ...(d.options ? { options: d.options.map(option) } : {}),
    description: d.description,
    group: prefix,
  };
}

/** Glossary labels by key (`terminology.fields`); a key it leaves out keeps the built-in label. */
export type AccountFieldLabels = Partial<Record<string, string>>;

/** The company fields to provision on the company object (`companies`, `Account`). */
export function companyFieldSpecs(
  crm: CrmName,
  objectApiName: string,
  labels: AccountFieldLabels = {},
  prefix = DEFAULT_PREFIX,
): FieldSpec[] {
  return COMPANY_FIELD_KEYS.map((key) =>
    spec(objectApiName, companyFieldName(crm, key, prefix), COMPANY_DEFINITIONS[key], labels[key], prefix),
  );
}

/** The person field to provision on one person object (`contacts`, `Lead`, `Contact`). */
export function personAccountCellSpec(
  crm: CrmName,
  objectApiName: string,
  labels: AccountFieldLabels = {},
  prefix = DEFAULT_PREFIX,
): FieldSpec {
  return spec(
    objectApiName,
    personAccountCellField(crm, prefix),
    PERSON_DEFINITION,
    labels[PERSON_ACCOUNT_CELL_KEY],
    prefix,
  );
}
