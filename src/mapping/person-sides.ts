/** One linked person's records as the mapping layer reads them: current values, snapshot, change times. */
import type { IsoTime, PersonObject } from '../domain/crm.ts';
import type { FieldValue } from '../domain/person.ts';
import type { FieldMapping } from './schema.ts';
import type { SideState } from './sync-rules.ts';

export type RecordFields = Readonly<Record<string, FieldValue>>;

export interface RecordState {
  readonly fields: RecordFields;
  /** The record's modification stamp; the fallback change time of every field. */
  readonly modifiedAt?: IsoTime | undefined;
  /** The record's last-synced snapshot fields; absent before its first sync. */
  readonly synced?: RecordFields | undefined;
  /** Field-level change times, when the CRM reports them (property history, field history). */
  readonly changedAt?: Readonly<Record<string, IsoTime>> | undefined;
}

export interface PersonSides {
  readonly hubspot?: RecordState | undefined;
  readonly salesforce?: (RecordState & { readonly object: PersonObject }) | undefined;
}

const EPOCH: IsoTime = '1970-01-01T00:00:00.000Z';

/** The sync-rule view of one field of one record. */
export function sideState(record: RecordState, name: string): SideState {
  return {
    value: record.fields[name] ?? null,
    synced: record.synced && Object.hasOwn(record.synced, name) ? (record.synced[name] ?? null) : undefined,
    changedAt: record.changedAt?.[name],
    modifiedAt: record.modifiedAt ?? EPOCH,
  };
}

/** The Salesforce field a mapping uses on this object, if it maps one there. */
export function salesforceField(mapping: FieldMapping, object: PersonObject): string | undefined {
  return object === 'lead' ? mapping.salesforce.lead : mapping.salesforce.contact;
}

/** `jobtitle → Title`: how messages and decisions name one mapped pair. */
export function pairName(mapping: FieldMapping, object: PersonObject): string {
  return `${mapping.hubspot} → ${salesforceField(mapping, object) ?? '(unmapped)'}`;
}
