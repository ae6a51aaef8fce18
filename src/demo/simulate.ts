/**
 * The demo's "a day later": marketing sees new behaviour in HubSpot, sales gives feedback in Salesforce
 * (accepts some MQLs, rejects some, converts one, wins a deal). Driven through the sandboxes' own store
 * helpers, exactly as a user's clicks would change the CRMs.
 */
import type { RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import type { StateStore } from '../state/types.ts';
import { readPersonState } from '../sync/person-state.ts';

export interface SimulatedChanges {
  readonly newActivities: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly converted: number;
  readonly won: number;
}

/** A small deterministic pick: every k-th item, so the demo tells the same story on every run. */
const everyNth = <T>(items: readonly T[], n: number, count: number): T[] =>
  items.filter((_, i) => i % n === 0).slice(0, count);

export async function simulateADayLater(
  sandboxes: RunningSandboxes,
  store: StateStore,
  now: Date,
): Promise<SimulatedChanges> {
  const mqlLeads: string[] = [];
  const hubspotOnly: string[] = [];
  for await (const links of store.iterateLinks(1000)) {
    const states = await store.getPersonStates(links.map((l) => l.personId));
    for (const link of links) {
      const stage = readPersonState(states.get(link.personId)).stage?.stage;
      if (stage === 'MQL' && link.salesforceLeadId && !link.salesforceContactId)
        mqlLeads.push(link.salesforceLeadId);
      if (link.hubspotId && !link.salesforceLeadId && !link.salesforceContactId)
        hubspotOnly.push(link.hubspotId);
    }
  }
  let newActivities = 0;
  // Behaviour happens now: the events API is read by occurrence time, after the last sync's cursor.
  for (const contactId of everyNth(hubspotOnly, 7, 40)) {
    const at = (secondsAgo: number): Date => new Date(now.getTime() - secondsAgo * 1000);
    sandboxes.hubspot.store.addActivity(contactId, {
      type: 'page_view',
      occurredAt: at(5),
      url: 'https://www.example.com/pricing',
    });
    sandboxes.hubspot.store.addActivity(contactId, {
      type: 'form_submission',
      occurredAt: at(4),
      name: 'Request a demo',
    });
    sandboxes.hubspot.store.addActivity(contactId, {
      type: 'content_download',
      occurredAt: at(3),
      tag: 'product-flyer',
      name: 'Product flyer',
    });
    newActivities += 3;
  }
  const sf = sandboxes.salesforce.store;
  const accept = everyNth(mqlLeads, 2, 25);
  const reject = everyNth(
    mqlLeads.filter((id) => !accept.includes(id)),
    2,
    10,
  );
  for (const id of accept) sf.setLeadStatus(id, 'Working - Contacted');
  for (const id of reject) sf.setLeadStatus(id, 'Closed - Not Converted');
  let converted = 0;
  let won = 0;
  const toConvert = accept.slice(0, 2);
  for (const [i, id] of toConvert.entries()) {
    const result = sf.convertLead(id, {
      opportunity: { stageName: 'Prospecting', amount: 48_000 + i * 12_000 },
    });
    converted++;
    if (i === 0 && result.opportunityId) {
      sf.setOpportunityStage(result.opportunityId, 'Closed Won');
      won++;
    }
  }
  return { newActivities, accepted: accept.length, rejected: reject.length, converted, won };
}
