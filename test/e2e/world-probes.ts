/**
 * Probes for the engine e2e tests: drive a sandbox CRM the way a user would (new behaviour), and read
 * what the CRMs and leadloop's state hold (Leads per HubSpot id, people per stage, scores, cursors, and a
 * fingerprint of every write so "nothing was written" is checked on the data itself).
 */
import type { StateStore } from '../../src/state/types.ts';
import { cursorKey } from '../../src/sync/pull.ts';
import type { EngineWorld } from './engine-world.ts';

/** Demo request, product flyer and the pricing page: engagement well above the MQL threshold. */
export function addHotBehaviour(w: EngineWorld, hubspotId: string): void {
  const at = (msAgo: number): Date => new Date(Date.now() - msAgo);
  w.sb.hubspot.store.addActivity(hubspotId, {
    type: 'page_view',
    occurredAt: at(3),
    url: 'https://www.example.com/pricing',
  });
  w.sb.hubspot.store.addActivity(hubspotId, {
    type: 'form_submission',
    occurredAt: at(2),
    name: 'Request a demo',
  });
  w.sb.hubspot.store.addActivity(hubspotId, {
    type: 'content_download',
    occurredAt: at(1),
    tag: 'product-flyer',
    name: 'Product flyer',
  });
}

/** Live Leads carrying this HubSpot id (a duplicate hand-off would make two). */
export function leadsWithHubSpotId(w: EngineWorld, hubspotId: string): string[] {
  const rows = w.sb.salesforce.store.tables.get('Lead')?.rows ?? new Map();
  return [...rows.values()]
    .filter((r) => r['IsDeleted'] !== true && r['Leadloop_HubSpot_Id__c'] === hubspotId)
    .map((r) => String(r['Id']));
}

/**
 * What the CRMs were written: HubSpot write calls and field creations, Salesforce field creations, and
 * every Lead/Contact modification stamp (composite calls also carry reads, so the Salesforce side is read
 * from the data itself). Equal fingerprints mean nothing was written in between.
 */
export function writeFingerprint(w: EngineWorld): string {
  const hs = Object.entries(w.sb.hubspot.stats().byEndpoint)
    .filter(([name]) => /batch\.(update|upsert|create|archive)|properties\.create/.test(name))
    .reduce((n, [, count]) => n + count, 0);
  // Field creates (and label edits) go through Tooling /composite; a composite of reads only (the
  // field-visibility probe) writes nothing.
  const sf = w.sb.salesforce
    .stats()
    .calls.filter(
      (c) => c.includes('/tooling/composite') && /(\[|; )(POST|PATCH|PUT|DELETE) /.test(c),
    ).length;
  const stamps = ['Lead', 'Contact'].flatMap((sobject) =>
    [...(w.sb.salesforce.store.tables.get(sobject)?.rows.values() ?? [])].map(
      (r) => `${String(r['Id'])}@${String(r['SystemModstamp'])}`,
    ),
  );
  return `hubspot ${hs}; tooling ${sf}; ${stamps.sort().join(',')}`;
}

/** Ids of every Lead row (deleted ones included). */
export const leadIds = (w: EngineWorld): Set<string> =>
  new Set(w.sb.salesforce.store.tables.get('Lead')?.rows.keys() ?? []);

/** People with a HubSpot contact and an unconverted Lead whose stage is `stage` now. */
export async function linkedInStage(
  w: EngineWorld,
  stage: string,
): Promise<{ hubspotId: string; leadId: string }[]> {
  const out: { hubspotId: string; leadId: string }[] = [];
  for await (const links of w.rt.store.iterateLinks(500)) {
    for (const l of links) {
      if (!l.hubspotId || !l.salesforceLeadId || l.salesforceContactId) continue;
      if ((await w.stateOf(l.personId)).stage?.stage === stage)
        out.push({ hubspotId: l.hubspotId, leadId: l.salesforceLeadId });
    }
  }
  return out.sort((a, b) => Number(a.hubspotId) - Number(b.hubspotId));
}

/** HubSpot-only people whose stage is `stage` now. */
export async function hubspotOnlyInStage(w: EngineWorld, stage: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of w.people('H--')) {
    const link = await w.linkOf(w.hubspotId(p));
    if (link.salesforceLeadId || link.salesforceContactId) continue;
    if ((await w.stateOf(link.personId)).stage?.stage === stage && link.hubspotId) out.push(link.hubspotId);
  }
  return out;
}

/** Every person's Salesforce record (Contact, else Lead) with its current Leadloop score. */
export async function salesforceScores(w: EngineWorld): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for await (const links of w.rt.store.iterateLinks(500))
    for (const l of links) {
      const id = l.salesforceContactId ?? l.salesforceLeadId;
      if (!id) continue;
      const row = w.sb.salesforce.store.get(l.salesforceContactId ? 'Contact' : 'Lead', id);
      if (row) out.set(id, row['Leadloop_Score__c'] ?? null);
    }
  return out;
}

/** The streams that exist (HubSpot has no Leads here, and its deals are not pulled). */
export const CURSOR_KEYS = [
  cursorKey('hubspot', 'contact'),
  cursorKey('hubspot', 'activities'),
  cursorKey('salesforce', 'lead'),
  cursorKey('salesforce', 'contact'),
  cursorKey('salesforce', 'activities'),
  cursorKey('salesforce', 'opportunities'),
];
export const cursors = async (store: StateStore): Promise<(string | null)[]> =>
  Promise.all(CURSOR_KEYS.map((k) => store.getCursor(k)));
