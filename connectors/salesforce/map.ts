/**
 * Pure mapping from parsed Salesforce shapes to leadloop's domain types: records, describe fields,
 * activities (Task / Event / CampaignMember) and opportunities. No I/O.
 */
import { markRejected } from '../rejected-records.ts';
import type { Activity } from '../../src/domain/activity.ts';
import type { PersonObject } from '../../src/domain/crm.ts';
import type { FieldDescriptor, FieldType } from '../../src/domain/field.ts';
import type { Opportunity } from '../../src/domain/opportunity.ts';
import type { FieldValue, PersonRecord } from '../../src/domain/person.ts';
import type { SfDescribeField, SfRecord } from './schemas.ts';
import { STANDARD_VALUE_SETS } from './tooling.ts';

export const OBJECT_API_NAME: Readonly<Record<PersonObject, 'Lead' | 'Contact'>> = {
  lead: 'Lead',
  contact: 'Contact',
};

/** Salesforce answers `2024-05-01T10:00:00.000+0000`; the domain speaks `toISOString()` UTC. */
export function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Keeps scalar field values; relationship objects, `attributes` and compound fields are not fields. */
export function scalarFields(record: Readonly<Record<string, unknown>>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      out[key] = value;
    }
  }
  return out;
}

export function toPersonRecord(object: PersonObject, record: SfRecord): PersonRecord {
  const fields = scalarFields(record);
  const stamp = isoTime(record['SystemModstamp']);
  // A row without a readable stamp cannot be ordered or diffed: reported as a poison record (§B5 #28)
  // instead of throwing, which would stop the whole pull.
  const modifiedAt = stamp ?? new Date(0).toISOString();
  const createdAt = isoTime(record['CreatedDate']);
  const converted = object === 'lead' && record['IsConverted'] === true;
  const convertedContactId =
    converted && typeof record['ConvertedContactId'] === 'string' ? record['ConvertedContactId'] : null;
  const deleted = record['IsDeleted'] === true;
  // A merge deletes the losing records and sets their MasterRecordId to the survivor (merge(), SOAP API).
  const master = record['MasterRecordId'];
  const mapped: PersonRecord = {
    crm: 'salesforce',
    object,
    id: record.Id,
    modifiedAt,
    ...(createdAt ? { createdAt } : {}),
    fields,
    deleted,
    convertedContactId,
    ...(deleted && typeof master === 'string' && master !== '' ? { mergedInto: master } : {}),
  };
  if (stamp) return mapped;
  return markRejected(
    mapped,
    `Salesforce ${OBJECT_API_NAME[object]} ${record.Id} does not match the record schema: SystemModstamp: expected a datetime, got ${JSON.stringify(record['SystemModstamp'] ?? null)}`,
  );
}

/** SOAP field types (Partner WSDL `fieldType`) to neutral types; compound/binary types are not mapped. */
const TYPE_MAP: Readonly<Record<string, FieldType>> = {
  id: 'id',
  reference: 'reference',
  string: 'string',
  encryptedstring: 'string',
  combobox: 'string',
  time: 'string',
  anyType: 'string',
  textarea: 'textarea',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  long: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  picklist: 'picklist',
  multipicklist: 'multipicklist',
  email: 'email',
  phone: 'phone',
  url: 'url',
};

const TEXT_TYPES = new Set<FieldType>([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
]);

export function toFieldDescriptor(objectApiName: string, field: SfDescribeField): FieldDescriptor | null {
  const type = TYPE_MAP[field.type];
  if (!type) return null;
  const custom = field.custom === true;
  return {
    crm: 'salesforce',
    object: objectApiName,
    name: field.name,
    label: field.label,
    type,
    length: TEXT_TYPES.has(type) && field.length ? field.length : null,
    // Salesforce counts text length in UTF-16 code units: an emoji outside the BMP takes two.
    ...(TEXT_TYPES.has(type) && field.length ? { lengthUnit: 'utf16' as const } : {}),
    options: (field.picklistValues ?? []).map((p) => ({
      value: p.value,
      label: p.label ?? p.value,
      active: p.active ?? true,
    })),
    writable: field.updateable === true,
    custom,
    // Custom field labels are Tooling-editable; standard field labels are renamed in Setup only.
    labelEditable: custom,
    // Standard picklists backed by a StandardValueSet (Lead Status...) take option labels via Tooling.
    ...(STANDARD_VALUE_SETS[`${objectApiName}.${field.name}`] ? { optionLabelsEditable: true } : {}),
    description: field.inlineHelpText ?? null,
  };
}

/** Prefer the exact CreatedDate unless the date-only field names a different day (logged later). */
function dayOrStamp(day: unknown, stamp: unknown): string | null {
  const exact = isoTime(stamp);
  if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && (!exact || !exact.startsWith(day))) {
    return `${day}T00:00:00.000Z`;
  }
  return exact;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Task → call / email_reply / custom; tasks without a Lead/Contact are not behaviour of a person. */
export function taskToActivity(r: SfRecord): Activity | null {
  const who = str(r['WhoId']);
  const occurredAt = dayOrStamp(r['ActivityDate'], r['CreatedDate']);
  if (!who || !occurredAt) return null;
  const subtype = str(r['TaskSubtype']);
  const type =
    subtype === 'Call' || str(r['CallType']) ? 'call' : subtype === 'Email' ? 'email_reply' : 'custom';
  return { crm: 'salesforce', sourceId: r.Id, recordId: who, type, occurredAt, name: str(r['Subject']) };
}

/** Event → meeting at its start. */
export function eventToActivity(r: SfRecord): Activity | null {
  const who = str(r['WhoId']);
  const occurredAt =
    isoTime(r['StartDateTime']) ?? isoTime(r['ActivityDateTime']) ?? isoTime(r['CreatedDate']);
  if (!who || !occurredAt) return null;
  return {
    crm: 'salesforce',
    sourceId: r.Id,
    recordId: who,
    type: 'meeting',
    occurredAt,
    name: str(r['Subject']),
  };
}

function relationField(r: SfRecord, relation: string, field: string): string | null {
  const parent: unknown = r[relation];
  return typeof parent === 'object' && parent !== null ? str(Reflect.get(parent, field)) : null;
}

/** Responded CampaignMember → webinar (Campaign.Type Webinar) or campaign_response, on the Contact if any. */
export function campaignMemberToActivity(r: SfRecord): Activity | null {
  const who = str(r['ContactId']) ?? str(r['LeadId']);
  const occurredAt = dayOrStamp(r['FirstRespondedDate'], r['CreatedDate']);
  if (!who || !occurredAt || r['HasResponded'] !== true) return null;
  const campaign = relationField(r, 'Campaign', 'Name');
  const type = relationField(r, 'Campaign', 'Type') === 'Webinar' ? 'webinar' : 'campaign_response';
  return { crm: 'salesforce', sourceId: r.Id, recordId: who, type, occurredAt, name: campaign, campaign };
}

function childIds(r: SfRecord, relation: string, field: string): string[] {
  const block: unknown = r[relation];
  const records: unknown =
    typeof block === 'object' && block !== null ? Reflect.get(block, 'records') : undefined;
  if (!Array.isArray(records)) return [];
  return records
    .map((c: unknown) => (typeof c === 'object' && c !== null ? str(Reflect.get(c, field)) : null))
    .filter((v): v is string => v !== null);
}

export function toOpportunity(r: SfRecord): Opportunity {
  const modifiedAt = isoTime(r['SystemModstamp']);
  const createdAt = isoTime(r['CreatedDate']) ?? modifiedAt;
  if (!modifiedAt || !createdAt) throw new Error(`Salesforce Opportunity ${r.Id} has no SystemModstamp`);
  const status = r['IsWon'] === true ? 'won' : r['IsClosed'] === true ? 'lost' : 'open';
  return {
    id: r.Id,
    name: str(r['Name']) ?? '',
    status,
    stageName: str(r['StageName']) ?? '',
    amount: typeof r['Amount'] === 'number' ? r['Amount'] : null,
    createdAt,
    closedAt: status === 'open' ? null : dayOrStamp(r['CloseDate'], null),
    modifiedAt,
    contactIds: [...new Set(childIds(r, 'OpportunityContactRoles', 'ContactId'))],
  };
}
