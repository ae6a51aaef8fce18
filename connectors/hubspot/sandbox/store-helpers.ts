/**
 * In-process helpers for tests, the demo and benchmarks: read and mutate the sandbox portal the way a
 * HubSpot user would in the UI (changes are attributed `CRM_UI`, bump `lastmodifieddate` and fire
 * webhooks). Values are validated exactly like API writes.
 */
import type { ActivityType } from '../../../src/domain/activity.ts';
import { LeadloopError } from '../../../src/lib/errors.ts';
import type { ChangeSource, PortalState } from './hubspot-store.ts';
import type { ObjectRow } from './object-row.ts';
import type { SimplePublicObject } from './object-store.ts';
import type { PropertyDefinition } from './property-types.ts';
import { validateProperties } from './property-validation.ts';
import { mergeContacts, purgeContact, type MergeOptions } from './record-merge.ts';

export interface StoreActivityInput {
  type: ActivityType;
  occurredAt: string | Date;
  name?: string | null;
  url?: string | null;
  tag?: string | null;
  campaign?: string | null;
}

export interface HubSpotStore {
  /** The contact (archived ones too); a merged-away id answers with its survivor, as a read by id does. */
  getContact(id: string): SimplePublicObject | undefined;
  findContactByEmail(email: string): SimplePublicObject | undefined;
  updateContact(
    id: string,
    props: Record<string, string | number | boolean | null>,
    at?: Date,
  ): SimplePublicObject;
  createContact(props: Record<string, string | number | boolean | null>, at?: Date): SimplePublicObject;
  archiveContact(id: string, at?: Date): void;
  /**
   * A workflow touching the contact without a visible change: `lastmodifieddate` moves (and the search
   * index lags it like any change), no property changes, no webhook.
   */
  touchContact(id: string, at?: Date): void;
  /**
   * Merges `secondaryId` into `primaryId` as a user would in the UI (record-merge.ts); answers the
   * survivor. `newId`: HubSpot's newer merges, which make a new record of both.
   */
  mergeContacts(
    primaryId: string,
    secondaryId: string,
    options?: MergeOptions & { at?: Date },
  ): SimplePublicObject;
  /** Deletes a contact for good, as a GDPR delete does: not in the archive, reads answer not found. */
  gdprDeleteContact(id: string, at?: Date): void;
  /** Records an activity for a contact (by dataset person key or contact id); returns the created object/event id. */
  addActivity(personKeyOrContactId: string, activity: StoreActivityInput): string;
  /** Simulates an admin renaming a property label by hand (allowed on HubSpot-defined properties too). */
  setPropertyLabel(name: string, label: string): void;
  contactIdForPersonKey(key: string): string | undefined;
  listProperties(): PropertyDefinition[];
  contactCount(): number;
  /** Every live company with all its properties. */
  listCompanies(): SimplePublicObject[];
  /** A company created in the UI (not associated with anyone). */
  createCompany(props: Record<string, string | number | boolean | null>, at?: Date): SimplePublicObject;
  /** A company deleted in the UI: archived (`archived=true` lists it, with `archivedAt`). */
  archiveCompany(id: string, at?: Date): void;
  /** An edit of a company in the UI: its `hs_lastmodifieddate` moves only if a value really changed. */
  updateCompany(
    id: string,
    props: Record<string, string | number | boolean | null>,
    at?: Date,
  ): SimplePublicObject;
}

const UI_SOURCE: ChangeSource = { changeSource: 'CRM_UI', sourceId: 'userId:1' };

export function createStoreHelpers(state: PortalState): HubSpotStore {
  const contacts = state.objects.contacts;
  const live = (id: string): ObjectRow => {
    const row = contacts.get(id);
    if (!row || row.archivedMs !== null)
      throw new LeadloopError('SANDBOX_NOT_FOUND', `HubSpot sandbox: no contact ${id}`, { id });
    return row;
  };
  const validated = (
    props: Record<string, unknown>,
    row: ObjectRow | undefined,
  ): Record<string, string | null> => {
    const { changes, problems } = validateProperties(state.catalogs.contacts, props, row?.props);
    if (problems.length > 0) {
      throw new LeadloopError(
        'SANDBOX_INVALID_WRITE',
        `HubSpot sandbox rejected the write: ${problems.map((p) => `${p.name}: ${p.message}`).join('; ')}`,
        { problems },
      );
    }
    if (typeof changes.email === 'string') changes.email = changes.email.toLowerCase();
    return changes;
  };
  const atMs = (at: Date | undefined): number => (at ?? state.clock()).getTime();
  const validCompany = (props: Record<string, unknown>, row: ObjectRow | undefined) => {
    const { changes, problems } = validateProperties(state.catalogs.companies, props, row?.props);
    if (problems.length > 0)
      throw new LeadloopError(
        'SANDBOX_INVALID_WRITE',
        `HubSpot sandbox rejected the company write: ${problems.map((p) => `${p.name}: ${p.message}`).join('; ')}`,
        { problems },
      );
    return changes;
  };

  return {
    getContact(id) {
      const row = contacts.get(id) ?? contacts.mergedInto(id);
      return row ? contacts.snapshot(row, 'all') : undefined;
    },
    findContactByEmail(email) {
      const row = contacts.findByUnique('email', email);
      return row ? contacts.snapshot(row, 'all') : undefined;
    },
    updateContact(id, props, at) {
      const row = live(id);
      state.update('contacts', row, validated(props, row), UI_SOURCE, atMs(at));
      return contacts.snapshot(row, 'all');
    },
    createContact(props, at) {
      const row = state.create('contacts', validated(props, undefined), UI_SOURCE, atMs(at));
      return contacts.snapshot(row, 'all');
    },
    archiveContact(id, at) {
      state.archive('contacts', live(id), UI_SOURCE, atMs(at));
    },
    touchContact(id, at) {
      const ms = atMs(at);
      contacts.touch(live(id), ms, ms);
    },
    mergeContacts(primaryId, secondaryId, options = {}) {
      const [primary, secondary] = [live(primaryId), live(secondaryId)];
      if (primary === secondary)
        throw new LeadloopError(
          'SANDBOX_INVALID_WRITE',
          `HubSpot sandbox: cannot merge ${primaryId} into itself`,
        );
      const merged = mergeContacts(state, primary, secondary, UI_SOURCE, options, atMs(options.at));
      return contacts.snapshot(merged, 'all');
    },
    gdprDeleteContact(id, at) {
      const row = contacts.get(id);
      if (!row) throw new LeadloopError('SANDBOX_NOT_FOUND', `HubSpot sandbox: no contact ${id}`, { id });
      purgeContact(state, row, UI_SOURCE, atMs(at));
    },
    addActivity(ref, activity) {
      const id = state.personKeys.get(ref) ?? ref;
      const row = live(String(id));
      const ms = new Date(activity.occurredAt).getTime();
      if (!Number.isFinite(ms))
        throw new LeadloopError(
          'SANDBOX_INVALID_WRITE',
          `HubSpot sandbox: invalid occurredAt ${String(activity.occurredAt)}`,
        );
      const created = state.recordActivity(row, { ...activity, ms });
      if (created === '')
        throw new LeadloopError(
          'SANDBOX_INVALID_WRITE',
          `HubSpot sandbox: contact ${row.id} has no email for a marketing email event`,
        );
      return created;
    },
    setPropertyLabel(name, label) {
      if (!state.catalogs.contacts.get(name))
        throw new LeadloopError('SANDBOX_NOT_FOUND', `HubSpot sandbox: no contact property ${name}`, {
          name,
        });
      state.catalogs.contacts.setLabel(name, label);
    },
    contactIdForPersonKey(key) {
      const id = state.personKeys.get(key);
      return id === undefined ? undefined : String(id);
    },
    listProperties() {
      return state.catalogs.contacts.list();
    },
    contactCount() {
      return contacts.liveCount;
    },
    createCompany(props, at) {
      const row = state.create('companies', validCompany(props, undefined), UI_SOURCE, atMs(at));
      return state.objects.companies.snapshot(row, 'all');
    },
    archiveCompany(id, at) {
      const row = state.objects.companies.get(id);
      if (!row || row.archivedMs !== null)
        throw new LeadloopError('SANDBOX_NOT_FOUND', `HubSpot sandbox: no company ${id}`, { id });
      state.archive('companies', row, UI_SOURCE, atMs(at));
    },
    updateCompany(id, props, at) {
      const companies = state.objects.companies;
      const row = companies.get(id);
      if (!row || row.archivedMs !== null)
        throw new LeadloopError('SANDBOX_NOT_FOUND', `HubSpot sandbox: no company ${id}`, { id });
      state.update('companies', row, validCompany(props, row), UI_SOURCE, atMs(at));
      return companies.snapshot(row, 'all');
    },
    listCompanies() {
      const companies = state.objects.companies;
      return companies.order.filter((r) => r.archivedMs === null).map((r) => companies.snapshot(r, 'all'));
    },
  };
}
