/** Small builders for link tests. */
import type { CrmName, PersonObject } from '../../../src/domain/crm.ts';
import type { FieldValue, PersonRecord } from '../../../src/domain/person.ts';
import type { ExistingLinks } from '../../../src/link/link.ts';
import { type PersonLink, refKey, refsOf } from '../../../src/domain/person-link.ts';

export const T0 = '2024-01-01T00:00:00.000Z';
export const T1 = '2024-01-02T00:00:00.000Z';
export const T2 = '2024-01-03T00:00:00.000Z';
export const NOW = new Date('2024-02-01T00:00:00.000Z');

interface RecordOptions {
  readonly email?: string | null;
  readonly modifiedAt?: string;
  readonly deleted?: boolean;
  readonly convertedContactId?: string;
  readonly fields?: Record<string, FieldValue>;
  /** HubSpot: ids merged into this record. */
  readonly mergedIds?: string[];
  /** Salesforce: the survivor a deleted record was merged into. */
  readonly mergedInto?: string;
}

function record(crm: CrmName, object: PersonObject, id: string, o: RecordOptions = {}): PersonRecord {
  const emailField = crm === 'hubspot' ? 'email' : 'Email';
  return {
    crm,
    object,
    id,
    modifiedAt: o.modifiedAt ?? T0,
    fields: { ...(o.email === undefined ? {} : { [emailField]: o.email }), ...o.fields },
    deleted: o.deleted ?? false,
    ...(o.convertedContactId ? { convertedContactId: o.convertedContactId } : {}),
    ...(o.mergedIds ? { mergedIds: o.mergedIds } : {}),
    ...(o.mergedInto ? { mergedInto: o.mergedInto } : {}),
  };
}

export const hs = (id: string, o?: RecordOptions): PersonRecord => record('hubspot', 'contact', id, o);
export const lead = (id: string, o?: RecordOptions): PersonRecord => record('salesforce', 'lead', id, o);
export const contact = (id: string, o?: RecordOptions): PersonRecord =>
  record('salesforce', 'contact', id, o);

export function person(
  personId: string,
  ids: Partial<Pick<PersonLink, 'hubspotId' | 'salesforceLeadId' | 'salesforceContactId' | 'email'>>,
): PersonLink {
  return {
    personId,
    hubspotId: ids.hubspotId ?? null,
    salesforceLeadId: ids.salesforceLeadId ?? null,
    salesforceContactId: ids.salesforceContactId ?? null,
    email: ids.email ?? null,
    updatedAt: T0,
  };
}

/** The store's view: every link by each of its refs and by its email. */
export function existing(...links: PersonLink[]): ExistingLinks {
  const byRef = new Map<string, PersonLink>();
  const byEmail = new Map<string, PersonLink[]>();
  for (const link of links) {
    for (const ref of refsOf(link)) byRef.set(refKey(ref), link);
    if (link.email !== null) byEmail.set(link.email, [...(byEmail.get(link.email) ?? []), link]);
  }
  return { byRef, byEmail };
}

export const none = (): ExistingLinks => existing();

export function counter(prefix = 'p'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
