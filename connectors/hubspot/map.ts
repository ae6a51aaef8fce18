/** HubSpot shapes → leadloop domain shapes. Pure: no I/O, no clock. */
import type { Activity, ActivityType } from '../../src/domain/activity.ts';
import type { FieldDescriptor, FieldType } from '../../src/domain/field.ts';
import type { PersonRecord } from '../../src/domain/person.ts';
import { markRejected } from '../rejected-records.ts';
import { hsRejections, type HsEmailEvent, type HsEvent, type HsObject, type HsProperty } from './schemas.ts';
import { toIso, toMillis } from './time.ts';

/**
 * HubSpot caps string property values at 65,536 characters (properties guide). Which unit it counts is
 * not documented; leadloop keeps counting code points (its sandbox checks `.length`, UTF-16 units).
 */
const STRING_LIMIT = 65_536;

export function toPersonRecord(obj: HsObject): PersonRecord {
  const record = personRecordOf(obj);
  const rejection = hsRejections.get(obj);
  return rejection === undefined
    ? record
    : markRejected(record, `HubSpot contact ${obj.id} does not match the contact schema: ${rejection}`);
}

/**
 * The contacts merged into this one: `hs_merged_object_ids`, semicolon-separated ("Merged [record] IDs",
 * knowledge.hubspot.com/records/merge-records). When a merge mints a new id, the primary's old id is
 * listed too (developers.hubspot.com/changelog/updated-merge-functionality-for-contacts-and-companies).
 */
export function mergedIdsOf(obj: HsObject): string[] {
  const raw = obj.properties['hs_merged_object_ids'];
  if (typeof raw !== 'string') return [];
  const ids = raw
    .split(';')
    .map((id) => id.trim())
    .filter((id) => id !== '' && id !== obj.id);
  return [...new Set(ids)];
}

function personRecordOf(obj: HsObject): PersonRecord {
  const archived = obj.archived === true;
  const modified = archived
    ? (toIso(obj.archivedAt) ?? toIso(obj.updatedAt))
    : (toIso(obj.properties['lastmodifieddate']) ?? toIso(obj.updatedAt));
  const created = toIso(obj.properties['createdate']) ?? toIso(obj.createdAt);
  const merged = mergedIdsOf(obj);
  return {
    crm: 'hubspot',
    object: 'contact',
    id: obj.id,
    modifiedAt: modified ?? new Date(0).toISOString(),
    ...(created ? { createdAt: created } : {}),
    fields: { ...obj.properties },
    deleted: archived,
    ...(merged.length > 0 && !archived ? { mergedIds: merged } : {}),
  };
}

/** The stamp a contact's cursor is keyed on: archive time for archived records, else `lastmodifieddate`. */
export function modifiedMs(obj: HsObject): number {
  const raw =
    obj.archived === true
      ? (obj.archivedAt ?? obj.updatedAt)
      : (obj.properties['lastmodifieddate'] ?? obj.updatedAt);
  return toMillis(raw) ?? 0;
}

export function toFieldType(prop: HsProperty): FieldType {
  if (prop.name === 'hs_object_id') return 'id';
  if (prop.name === 'email') return 'email';
  switch (prop.type) {
    case 'bool':
      return 'boolean';
    case 'enumeration':
      if (prop.fieldType === 'booleancheckbox') return 'boolean';
      return prop.fieldType === 'checkbox' ? 'multipicklist' : 'picklist';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'number':
      return 'number';
    case 'phone_number':
      return 'phone';
    default:
      if (prop.fieldType === 'textarea' || prop.fieldType === 'html') return 'textarea';
      if (prop.fieldType === 'phonenumber') return 'phone';
      return 'string';
  }
}

export function toFieldDescriptor(prop: HsProperty, object: string): FieldDescriptor {
  const type = toFieldType(prop);
  const meta = prop.modificationMetadata;
  const hubspotDefined = prop.hubspotDefined === true;
  const textual = type === 'string' || type === 'textarea' || type === 'email' || type === 'phone';
  return {
    crm: 'hubspot',
    object,
    name: prop.name,
    label: prop.label,
    type,
    length: textual ? STRING_LIMIT : null,
    ...(textual ? { lengthUnit: 'codepoint' as const } : {}),
    options: (prop.options ?? []).map((o) => ({ value: o.value, label: o.label, active: o.hidden !== true })),
    // HubSpot rejects enumeration values outside the property's options.
    ...(type === 'picklist' || type === 'multipicklist' ? { restricted: true } : {}),
    writable: !(
      prop.calculated === true ||
      meta?.readOnlyValue === true ||
      prop.fieldType === 'calculation_equation'
    ),
    custom: !hubspotDefined,
    labelEditable: !hubspotDefined && meta?.readOnlyDefinition !== true,
    description: prop.description ?? null,
    group: prop.groupName ?? null,
  };
}

/** Events v3 event type → activity type; custom behavioural events are `pe{portalId}_{name}`. */
export function eventActivityType(eventType: string): ActivityType {
  if (eventType === 'e_visited_page') return 'page_view';
  if (eventType === 'e_submitted_form') return 'form_submission';
  const name = /^pe\d+_(.+)$/.exec(eventType)?.[1] ?? eventType;
  if (/download/i.test(name)) return 'content_download';
  if (/webinar/i.test(name)) return 'webinar';
  if (/campaign_response/i.test(name)) return 'campaign_response';
  return 'custom';
}

export function eventToActivity(event: HsEvent): Activity {
  const props = event.properties ?? {};
  const type = eventActivityType(event.eventType);
  const name =
    props['hs_form_title'] ??
    props['content_title'] ??
    props['webinar_name'] ??
    props['campaign_name'] ??
    props['activity_name'] ??
    props['hs_page_title'] ??
    (type === 'custom' ? event.eventType : null);
  return {
    crm: 'hubspot',
    sourceId: `event:${event.id}`,
    recordId: event.objectId,
    type,
    occurredAt: toIso(event.occurredAt) ?? event.occurredAt,
    name: name ?? null,
    url: props['hs_url'] ?? null,
    tag: props['content_tag'] ?? props['activity_tag'] ?? null,
    campaign: props['campaign_name'] ?? null,
  };
}

const EMAIL_TYPES: Readonly<Record<string, ActivityType>> = {
  OPEN: 'email_open',
  CLICK: 'email_click',
  BOUNCE: 'email_bounce',
  STATUSCHANGE: 'unsubscribe',
};

/** Legacy email events name the person by address only: `email:<normalised>` (see domain/activity.ts). */
export function emailEventToActivity(event: HsEmailEvent, campaignName: string | null): Activity | null {
  const type = EMAIL_TYPES[event.type];
  const recipient = event.recipient?.trim().toLowerCase();
  if (!type || !recipient) return null;
  // A STATUSCHANGE is only an unsubscribe when a subscription went to UNSUBSCRIBED.
  if (type === 'unsubscribe' && !(event.subscriptions ?? []).some((s) => s.status === 'UNSUBSCRIBED'))
    return null;
  const campaign =
    campaignName ??
    (event.emailCampaignId === null || event.emailCampaignId === undefined
      ? null
      : String(event.emailCampaignId));
  return {
    crm: 'hubspot',
    sourceId: `email-event:${event.id}`,
    recordId: `email:${recipient}`,
    type,
    occurredAt: new Date(event.created).toISOString(),
    name: campaign,
    url: event.url ?? null,
    tag: null,
    campaign,
    ...(event.filteredEvent === true ? { filtered: true } : {}),
  };
}

const MISSED_MEETING = new Set(['canceled', 'cancelled', 'no show', 'no_show']);

/**
 * Sales engagements that are the person's behaviour: meetings that took place, calls that connected,
 * and of emails only the person's replies (INCOMING_EMAIL); a rep's outbound email is not engagement.
 */
export function engagementActivityType(
  objectType: string,
  props: Record<string, string | null>,
): ActivityType | null {
  if (objectType === 'meetings') {
    return MISSED_MEETING.has((props['hs_meeting_outcome'] ?? '').toLowerCase()) ? null : 'meeting';
  }
  if (objectType === 'calls') {
    const status = props['hs_call_status'];
    return status && status !== 'COMPLETED' ? null : 'call';
  }
  if (objectType === 'emails') return props['hs_email_direction'] === 'INCOMING_EMAIL' ? 'email_reply' : null;
  return null;
}

export function engagementToActivities(
  objectType: string,
  obj: HsObject,
  contactIds: readonly string[],
): Activity[] {
  const type = engagementActivityType(objectType, obj.properties);
  const occurredAt = toIso(obj.properties['hs_timestamp']) ?? toIso(obj.createdAt);
  if (!type || !occurredAt) return [];
  const p = obj.properties;
  const name = p['hs_meeting_title'] ?? p['hs_call_title'] ?? p['hs_email_subject'] ?? null;
  return contactIds.map((contactId) => ({
    crm: 'hubspot' as const,
    // One engagement can sit on several contacts: each pairing is its own ledger entry.
    sourceId: `${objectType}:${obj.id}:contact:${contactId}`,
    recordId: contactId,
    type,
    occurredAt,
    name,
    url: p['hs_meeting_external_url'] ?? null,
    tag: null,
    campaign: null,
  }));
}
