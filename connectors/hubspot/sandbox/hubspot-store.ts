/**
 * The sandbox portal's state: property catalogs, object stores, associations and marketing behaviour,
 * plus the mutation operations shared by the HTTP routes, the dataset loader and the in-process
 * `HubSpotStore` helpers. Every change is announced to listeners (webhook delivery).
 */
import { activityTarget, type ActivityFacts } from './activity-mapping.ts';
import { AssociationGraph } from './association-graph.ts';
import { BehaviourLog, sequenceId } from './behaviour-log.ts';
import { withFollowOn } from './email-event-history.ts';
import { rollupChanges, RollupTally } from './contact-rollups.ts';
import type { ObjectRow } from './object-row.ts';
import { ObjectStore } from './object-store.ts';
import { PropertyCatalog } from './property-catalog.ts';
import { ENGAGEMENT_TYPES, type ObjectTypeName } from './property-types.ts';

export interface ChangeSource {
  changeSource: string;
  sourceId?: string;
}

export interface ChangeEvent extends ChangeSource {
  objectType: ObjectTypeName;
  objectId: number;
  kind: 'creation' | 'deletion' | 'propertyChange';
  propertyName?: string;
  propertyValue?: string | null;
  occurredAtMs: number;
}

/** Rollups are computed by HubSpot itself, so their webhook events say so. */
const CALCULATED: ChangeSource = { changeSource: 'CALCULATED' };

const FIRST_IDS: Record<ObjectTypeName, number> = {
  contacts: 101,
  companies: 20_000_000_001,
  emails: 30_000_000_001,
  calls: 31_000_000_001,
  meetings: 32_000_000_001,
  notes: 33_000_000_001,
  tasks: 34_000_000_001,
};

export class PortalState {
  readonly portalId: number;
  readonly catalogs: Record<ObjectTypeName, PropertyCatalog>;
  readonly objects: Record<ObjectTypeName, ObjectStore>;
  readonly behaviour = new BehaviourLog();
  readonly associations = new AssociationGraph();
  readonly personKeys = new Map<string, number>();
  readonly clock: () => Date;
  private readonly listeners: Array<(events: readonly ChangeEvent[]) => void> = [];

  constructor(portalId: number, clock: () => Date) {
    this.portalId = portalId;
    this.clock = clock;
    const nowIso = (): string => this.clock().toISOString();
    const catalog = (t: ObjectTypeName): PropertyCatalog => new PropertyCatalog(t, nowIso);
    const store = (type: ObjectTypeName, engagement: boolean): ObjectStore =>
      new ObjectStore({
        type,
        catalog: this.catalogs[type],
        firstId: FIRST_IDS[type],
        createdProp: engagement ? 'hs_createdate' : 'createdate',
        modifiedProp: engagement ? 'hs_lastmodifieddate' : 'lastmodifieddate',
        defaultProps: engagement ? ['hs_timestamp'] : ['firstname', 'lastname', 'email'],
        indexedUnique: engagement ? [] : ['email'],
      });
    this.catalogs = {
      contacts: catalog('contacts'),
      companies: catalog('companies'),
      emails: catalog('emails'),
      calls: catalog('calls'),
      meetings: catalog('meetings'),
      notes: catalog('notes'),
      tasks: catalog('tasks'),
    };
    this.objects = {
      contacts: store('contacts', false),
      // Companies: `createdate` like contacts, but `hs_lastmodifieddate` like engagements (companies guide).
      companies: new ObjectStore({
        type: 'companies',
        catalog: this.catalogs.companies,
        firstId: FIRST_IDS.companies,
        createdProp: 'createdate',
        modifiedProp: 'hs_lastmodifieddate',
        defaultProps: ['name', 'domain'],
        indexedUnique: [],
      }),
      emails: store('emails', true),
      calls: store('calls', true),
      meetings: store('meetings', true),
      notes: store('notes', true),
      tasks: store('tasks', true),
    };
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  onChange(listener: (events: readonly ChangeEvent[]) => void): void {
    this.listeners.push(listener);
  }

  emit(events: readonly ChangeEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(events);
  }

  /** Creates a record from validated values. */
  create(
    type: ObjectTypeName,
    values: Record<string, string | null>,
    source: ChangeSource,
    atMs = this.nowMs(),
  ): ObjectRow {
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== null) props[k] = v;
    const row = this.objects[type].insert(props, atMs, atMs, atMs);
    const events: ChangeEvent[] = [
      { objectType: type, objectId: row.id, kind: 'creation', occurredAtMs: atMs, ...source },
    ];
    for (const [name, value] of Object.entries(props))
      events.push(this.propertyEvent(type, row.id, name, value, source, atMs));
    this.emit(events);
    return row;
  }

  /** Applies validated values; only real differences change the record, bump its date and notify. */
  update(
    type: ObjectTypeName,
    row: ObjectRow,
    values: Record<string, string | null>,
    source: ChangeSource,
    atMs = this.nowMs(),
  ): string[] {
    const changed = this.objects[type].applyChanges(row, values, atMs, atMs);
    this.emit(
      changed.map((name) => this.propertyEvent(type, row.id, name, row.props[name] ?? null, source, atMs)),
    );
    return changed;
  }

  archive(type: ObjectTypeName, row: ObjectRow, source: ChangeSource, atMs = this.nowMs()): void {
    if (row.archivedMs !== null) return;
    this.objects[type].archive(row, atMs, atMs);
    this.emit([{ objectType: type, objectId: row.id, kind: 'deletion', occurredAtMs: atMs, ...source }]);
  }

  /**
   * Records one activity for a contact where HubSpot keeps it (engagement, Events v3 occurrence or marketing
   * email event), then applies its rollups. Returns the id of what was created. `loading` skips
   * notifications and index work (the loader indexes once at the end).
   */
  recordActivity(contact: ObjectRow, facts: ActivityFacts, loading = false): string {
    const target = activityTarget(facts, this.portalId);
    let id: string;
    if (target.kind === 'engagement') {
      const store = this.objects[target.objectType];
      const row = loading
        ? store.insert(target.properties, facts.ms, facts.ms, 0, false)
        : this.create(target.objectType, target.properties, { changeSource: 'INTEGRATION' }, this.nowMs());
      this.associations.add('contacts', contact.id, target.objectType, row.id);
      id = String(row.id);
    } else if (target.kind === 'event') {
      const seq = this.behaviour.nextSeq();
      id = sequenceId(this.portalId, seq);
      const event = {
        id,
        seq,
        ms: facts.ms,
        eventType: target.eventType,
        objectId: contact.id,
        properties: target.properties,
      };
      if (loading) this.pendingEvents.push(event);
      else this.behaviour.addEvent(event);
    } else {
      const recipient = contact.props.email;
      if (recipient === undefined) return '';
      const seq = this.behaviour.nextSeq();
      id = sequenceId(this.portalId + 1, seq);
      const campaign = this.behaviour.campaign(target.campaign);
      const event = {
        id,
        seq,
        ms: facts.ms,
        type: target.type,
        recipient,
        emailCampaignId: campaign.id,
        extra: target.extra,
      };
      const followOnId = (): { id: string; seq: number } => {
        const next = this.behaviour.nextSeq();
        return { id: sequenceId(this.portalId + 1, next), seq: next };
      };
      for (const stored of withFollowOn(event, followOnId)) {
        if (loading) this.pendingEmails.push(stored);
        else this.behaviour.addEmail(stored);
      }
    }
    if (loading) {
      if (this.tally.add(contact.id, facts.type, facts.ms, facts.name))
        contact.updatedMs = Math.max(contact.updatedMs, facts.ms);
      return id;
    }
    const rollups = rollupChanges(contact.props, facts.type, facts.ms, facts.name);
    if (Object.keys(rollups).length > 0) this.update('contacts', contact, rollups, CALCULATED);
    return id;
  }

  /** Behaviour collected during a bulk load, indexed once by `finishLoad`. */
  private pendingEvents: Parameters<BehaviourLog['addEvent']>[0][] = [];
  private pendingEmails: Parameters<BehaviourLog['addEmail']>[0][] = [];
  private tally = new RollupTally();

  finishLoad(): void {
    this.tally.apply((id) => this.objects.contacts.get(id)?.props);
    this.tally = new RollupTally();
    for (const type of ['contacts', 'companies', ...ENGAGEMENT_TYPES] as const)
      this.objects[type].finishLoad();
    this.behaviour.load(this.pendingEvents, this.pendingEmails);
    this.pendingEvents = [];
    this.pendingEmails = [];
  }

  private propertyEvent(
    type: ObjectTypeName,
    id: number,
    name: string,
    value: string | null,
    source: ChangeSource,
    atMs: number,
  ): ChangeEvent {
    return {
      objectType: type,
      objectId: id,
      kind: 'propertyChange',
      propertyName: name,
      propertyValue: value,
      occurredAtMs: atMs,
      ...source,
    };
  }
}
