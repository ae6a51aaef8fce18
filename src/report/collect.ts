/** Reads the report's inputs from the state store, a batch of people at a time (no CRM calls). */
import type { Activity } from '../domain/activity.ts';
import { readPersonState } from '../sync/person-state.ts';
import { type StateStore } from '../state/types.ts';
import type { LoopPerson } from './closed-loop.ts';
import { refKey } from '../domain/person-link.ts';
import { WELL_KNOWN } from '../sync/crm-fields.ts';

/** Where a person's lead source is read from, first match wins (HubSpot original source, Salesforce LeadSource). */
export const SOURCE_FIELDS: readonly { crm: 'hubspot' | 'salesforce'; field: string }[] = [
  { crm: 'hubspot', field: 'hs_analytics_source' },
  { crm: 'salesforce', field: 'LeadSource' },
];

/**
 * The first campaign a person touched: the oldest ledger activity naming one (HubSpot form and email
 * campaigns, Salesforce CampaignMember). The ledger keeps only the scoring window, so an older first
 * touch is out of sight and the oldest one still held stands in for it.
 */
export function firstCampaign(activities: readonly Activity[]): string | null {
  let first: Activity | undefined;
  for (const a of activities) {
    if (typeof a.campaign !== 'string' || a.campaign === '') continue;
    if (first === undefined || Date.parse(a.occurredAt) < Date.parse(first.occurredAt)) first = a;
  }
  return first?.campaign ?? null;
}

/** What counts as sales touching a person: a call or a meeting logged in Salesforce. */
const SALES_TOUCHES: ReadonlySet<Activity['type']> = new Set(['call', 'meeting']);

export async function collectLoopPeople(store: StateStore, batchSize = 2000): Promise<LoopPerson[]> {
  const people: LoopPerson[] = [];
  for await (const links of store.iterateLinks(batchSize)) {
    const refs = links.flatMap((l) => [
      ...(l.hubspotId ? [{ crm: 'hubspot' as const, object: 'contact' as const, id: l.hubspotId }] : []),
      ...(l.salesforceContactId
        ? [{ crm: 'salesforce' as const, object: 'contact' as const, id: l.salesforceContactId }]
        : []),
      ...(l.salesforceLeadId
        ? [{ crm: 'salesforce' as const, object: 'lead' as const, id: l.salesforceLeadId }]
        : []),
    ]);
    const [states, snapshots, opportunities, activities] = await Promise.all([
      store.getPersonStates(links.map((l) => l.personId)),
      store.getSnapshots(refs),
      store.getOpportunitiesForContacts(
        links.flatMap((l) => (l.salesforceContactId ? [l.salesforceContactId] : [])),
      ),
      store.getActivities(refs.map((r) => ({ crm: r.crm, recordId: r.id }))),
    ]);
    for (const link of links) {
      const state = readPersonState(states.get(link.personId));
      const own = refs.filter(
        (r) => r.id === link.hubspotId || r.id === link.salesforceContactId || r.id === link.salesforceLeadId,
      );
      let source: string | null = null;
      for (const { crm, field } of SOURCE_FIELDS) {
        for (const r of own.filter((x) => x.crm === crm)) {
          const value = snapshots.get(refKey(r))?.fields[field];
          if (source === null && typeof value === 'string' && value !== '') source = value;
        }
      }
      const salesforce = own.filter((r) => r.crm === 'salesforce');
      const ownerOf = salesforce
        .map((r) => snapshots.get(refKey(r))?.fields[WELL_KNOWN.owner.field])
        .find((v): v is string => typeof v === 'string' && v !== '');
      const salesTouches = salesforce
        .flatMap((r) => activities.get(`${r.crm}:${r.id}`) ?? [])
        .filter((a) => SALES_TOUCHES.has(a.type))
        .map((a) => a.occurredAt);
      people.push({
        cell: state.lastScore?.cell ?? null,
        stage: state.stage?.stage ?? null,
        history: state.stage?.history ?? [],
        source,
        campaign: firstCampaign(own.flatMap((r) => activities.get(`${r.crm}:${r.id}`) ?? [])),
        opportunities: link.salesforceContactId ? (opportunities.get(link.salesforceContactId) ?? []) : [],
        slaBreaches: state.stage?.slaBreaches ?? [],
        slaActions: state.stage?.slaActions ?? [],
        owner: ownerOf ?? null,
        salesTouches,
      });
    }
  }
  return people;
}
