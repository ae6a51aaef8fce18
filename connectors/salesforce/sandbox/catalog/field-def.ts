/**
 * The sandbox's field catalogue vocabulary: one `FieldDef` per sObject field, from which describe, SOQL
 * type checks and write validation are all derived (so they can never disagree).
 * Field `type` values are the Partner WSDL `fieldType` enum.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
 */

export type SfFieldType =
  | 'id'
  | 'string'
  | 'email'
  | 'phone'
  | 'url'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'reference'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  /** Tooling `Metadata` columns: a JSON object, stored serialised. */
  | 'complexvalue';

/** A stored field value: strings (dates as YYYY-MM-DD, datetimes as SF UTC strings), numbers, booleans. */
export type SfValue = string | number | boolean | null;

/** A picklist entry as leadloop's sandbox keeps it; `valueName` is the API value, `label` what users see. */
export interface PicklistValueDef {
  valueName: string;
  label: string;
  default: boolean;
  active: boolean;
  /** LeadStatus: the status a converted Lead takes. */
  converted?: boolean;
  /** OpportunityStage / TaskStatus. */
  closed?: boolean;
  won?: boolean;
  /** CampaignMemberStatus. */
  responded?: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: SfFieldType;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  calculated: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  unique: boolean;
  nameField: boolean;
  /** Standard value set backing this picklist (e.g. `LeadStatus`); custom picklists use `picklistValues`. */
  valueSet: string | null;
  picklistValues: PicklistValueDef[] | null;
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  defaultValue: SfValue;
  description: string | null;
  inlineHelpText: string | null;
}

export interface ChildRelationshipDef {
  childSObject: string;
  field: string;
  relationshipName: string;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDef[];
  childRelationships: ChildRelationshipDef[];
  /** Tooling API objects live under `/tooling/sobjects/`. */
  tooling?: boolean;
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

function field(name: string, label: string, type: SfFieldType, options: FieldOptions = {}): FieldDef {
  return {
    name,
    label,
    type,
    length: 0,
    precision: 0,
    scale: 0,
    digits: 0,
    nillable: true,
    createable: true,
    updateable: true,
    custom: false,
    calculated: false,
    defaultedOnCreate: false,
    externalId: false,
    unique: false,
    nameField: false,
    valueSet: null,
    picklistValues: null,
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    defaultValue: null,
    description: null,
    inlineHelpText: null,
    ...options,
  };
}

const READ_ONLY: FieldOptions = { createable: false, updateable: false };

/** Builders for the field shapes the catalogue uses; options override the defaults. */
export const F = {
  id: (): FieldDef =>
    field('Id', 'Record ID', 'id', { ...READ_ONLY, nillable: false, length: 18, defaultedOnCreate: true }),
  text: (name: string, label: string, length: number, o: FieldOptions = {}) =>
    field(name, label, 'string', { length, ...o }),
  textarea: (name: string, label: string, length: number, o: FieldOptions = {}) =>
    field(name, label, 'textarea', { length, ...o }),
  email: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'email', { length: 80, ...o }),
  phone: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'phone', { length: 40, ...o }),
  url: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'url', { length: 255, ...o }),
  picklist: (name: string, label: string, valueSet: string, o: FieldOptions = {}) =>
    field(name, label, 'picklist', { length: 255, valueSet, ...o }),
  bool: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, ...o }),
  date: (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'date', o),
  datetime: (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'datetime', o),
  int: (name: string, label: string, o: FieldOptions = {}) => field(name, label, 'int', { digits: 9, ...o }),
  double: (name: string, label: string, precision: number, scale: number, o: FieldOptions = {}) =>
    field(name, label, 'double', { precision, scale, ...o }),
  currency: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'currency', { precision: 18, scale: 2, ...o }),
  percent: (name: string, label: string, o: FieldOptions = {}) =>
    field(name, label, 'percent', { precision: 3, scale: 0, ...o }),
  ref: (name: string, label: string, referenceTo: string[], relationshipName: string, o: FieldOptions = {}) =>
    field(name, label, 'reference', { length: 18, referenceTo, relationshipName, ...o }),
  custom: field,
};

/** Audit fields every object carries. */
export function systemFields(): FieldDef[] {
  const user = (name: string, label: string, rel: string) =>
    F.ref(name, label, ['User'], rel, { ...READ_ONLY, nillable: false, defaultedOnCreate: true });
  const stamp = (name: string, label: string) =>
    F.datetime(name, label, { ...READ_ONLY, nillable: false, defaultedOnCreate: true });
  return [
    F.bool('IsDeleted', 'Deleted', READ_ONLY),
    stamp('CreatedDate', 'Created Date'),
    user('CreatedById', 'Created By ID', 'CreatedBy'),
    stamp('LastModifiedDate', 'Last Modified Date'),
    user('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy'),
    stamp('SystemModstamp', 'System Modstamp'),
  ];
}

export const ownerField = (): FieldDef =>
  F.ref('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true });

export function sobject(
  name: string,
  label: string,
  labelPlural: string,
  keyPrefix: string,
  fields: FieldDef[],
  childRelationships: ChildRelationshipDef[] = [],
  flags: Partial<Pick<SObjectDef, 'createable' | 'updateable' | 'deletable' | 'tooling'>> = {},
): SObjectDef {
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    createable: true,
    updateable: true,
    deletable: true,
    ...flags,
    fields: [F.id(), ...fields, ...systemFields()],
    childRelationships,
  };
}
