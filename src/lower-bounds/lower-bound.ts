/**
 * The fewest API calls any correct sync could make for a scenario, per CRM: the lower bounds of
 * limits-and-reliability.md A5, computed from counts and each endpoint's largest page / batch size.
 * Pure arithmetic. The benchmarks and the demo summary print measured calls against it.
 *
 * HubSpot (one call per page or batch, sizes from the HubSpot docs and the sandbox that mirrors them):
 *   contacts      full: ⌈N/100⌉ (list; search stops at 10,000 results)   incremental: max(1, ⌈k/200⌉) (search)
 *   events        per event type: max(1, ⌈a/1000⌉)            (Events v3, `limit` ≤ 1,000)
 *   email events  per event type: max(1, ⌈a/1000⌉)            (legacy Email Events, `limit` ≤ 1,000)
 *   engagements   per object type, full: max(1, min(⌈a/100⌉ list with inline associations,
 *                 ⌈a/200⌉ search + ⌈a/1000⌉ associations v4 batch read)); incremental: max(1, ⌈a/200⌉) + ⌈a/1000⌉
 *   writes        ⌈W/100⌉ (batch update / upsert)
 *   companies     with account scoring, full: max(1, ⌈C/100⌉) (list); incremental: max(1, ⌈c/200⌉) (search on
 *                 `hs_lastmodifieddate`, c = companies changed since the last cutoff minus the lookback);
 *                 + ⌈W_C/100⌉ (batch update). An unchanged company is not read: its fields are kept in state
 *   + c_0         metadata: property describe, event types, campaign names, provisioning
 * Salesforce:
 *   reads         max(⌈P/5⌉, max_s p_s), p_s = max(1, ⌈r_s/2000⌉) pages of stream s (Lead, Contact, Task…),
 *                 P = Σ_s p_s: five page reads (first pages or `queryMore`) per `/composite` call, and a
 *                 stream's next page only after its previous one answered (its `nextRecordsUrl`)
 *   writes        ⌈W/1000⌉ (`/composite` carrying 5 sObject Collections of 200)
 *                 (with account scoring: `Account` is one more stream, its changed rows only on an
 *                 incremental run, and Account writes count in W)
 *   + c_0         metadata: token, describe per object, provisioning (Tooling `/composite`, 25 per call)
 * Labels: per CRM, one describe per person object + one call per field to re-label on HubSpot (no batch
 * label update exists) or ⌈fields/25⌉ Tooling `/composite` calls on Salesforce; creates ⌈F/100⌉ (HubSpot
 * properties batch create) or ⌈F/25⌉ (Salesforce).
 */

/** Page and batch sizes the bounds use (the largest each endpoint accepts). */
export const HUBSPOT_SIZES = {
  /** `GET /crm/v3/objects/{type}`: https://developers.hubspot.com/docs/guides/api/crm/objects/contacts */
  list: 100,
  /** `POST /crm/v3/objects/{type}/search`: https://developers.hubspot.com/docs/guides/api/crm/search */
  search: 200,
  /** `GET /events/v3/events` (as the sandbox enforces it). */
  events: 1000,
  /** `GET /email/public/v1/events`. */
  emailEvents: 1000,
  /** `POST /crm/v4/associations/{from}/{to}/batch/read`. */
  associationsRead: 1000,
  /** `POST /crm/v3/objects/contacts/batch/update|upsert`. */
  batchWrite: 100,
  /** `POST /crm/v3/properties/{type}/batch/create`. */
  propertiesCreate: 100,
} as const;

export const SALESFORCE_SIZES = {
  /** Query batch size: https://developer.salesforce.com/docs/platform/api-rest/guide/headers-queryoptions.html */
  queryPage: 2000,
  /** Query or collection subrequests per `/composite` call (resources_composite_composite_post.htm). */
  compositeQueries: 5,
  /** Records one `/composite` call can write: 5 collections × 200. */
  compositeRecords: 1000,
  /** Tooling API `/composite`: 25 subrequests per call. */
  toolingComposite: 25,
} as const;

export type HubSpotStreamFamily = 'events' | 'email-events' | 'engagements';

export interface HubSpotStreamCount {
  /** e.g. `event:e_visited_page`, `email:OPEN`, `engagement:meetings`. */
  readonly name: string;
  readonly family: HubSpotStreamFamily;
  /** Rows the run must read from this stream (all on a full sync, changed ones otherwise). */
  readonly records: number;
}

export interface HubSpotSyncCounts {
  /**
   * Contacts the run must read: N on a full sync; otherwise k changed since the last cutoff minus the
   * search lookback (own-write echo included): search answers recent changes late, so a sync that loses
   * nothing re-reads that overlap, and its re-read rows share pages with the new ones.
   */
  readonly contacts: number;
  readonly streams: readonly HubSpotStreamCount[];
  /** W_H: contacts whose leadloop values differ from what HubSpot holds (updates and creates). */
  readonly writes: number;
  /** c_0: metadata calls (see `hubSpotMetadataCalls`). */
  readonly metadataCalls: number;
  /**
   * With account scoring: the companies the run must read (C, every one, on a full sync; otherwise c
   * changed since the last cutoff minus the search lookback, own-write echo included) and W_C whose
   * account values differ.
   */
  readonly companies?: {
    readonly records: number;
    readonly writes: number;
    /** The run must read every company (no company cursor yet): by list, as on a full sync. */
    readonly complete?: boolean;
  };
}

export interface SalesforceStreamCount {
  /** SOQL stream: `Lead`, `Contact`, `Task`, `Event`, `CampaignMember`, `Opportunity`… */
  readonly name: string;
  readonly rows: number;
}

export interface SalesforceSyncCounts {
  readonly streams: readonly SalesforceStreamCount[];
  /** W_S: records whose leadloop values differ from what Salesforce holds (updates and upserts). */
  readonly writes: number;
  readonly metadataCalls: number;
}

export interface SyncBoundInput {
  /** `full` reads every record (list); `incremental` and `rescore` read what changed since the last run. */
  readonly scenario: 'full' | 'incremental' | 'rescore';
  readonly hubspot: HubSpotSyncCounts;
  readonly salesforce: SalesforceSyncCounts;
}

export interface LabelCounts {
  /** Person objects described (HubSpot: contacts; Salesforce: Lead, Contact). */
  readonly describedObjects: number;
  /** Distinct fields whose label or option labels change. */
  readonly fieldsToRelabel: number;
  readonly fieldsToCreate: number;
}

export interface LabelsBoundInput {
  readonly scenario: 'labels';
  readonly hubspot: LabelCounts;
  readonly salesforce: LabelCounts;
}

export type LowerBoundInput = SyncBoundInput | LabelsBoundInput;

export interface LowerBounds {
  readonly hubspot: number;
  readonly salesforce: number;
  /** One line per term, e.g. `hubspot.contacts` → `⌈79108/100⌉ = 792 (list, 100 per page)`. */
  readonly explain: Record<string, string>;
}

const ceilDiv = (n: number, size: number): number => Math.ceil(Math.max(0, n) / size);
const atLeastOne = (n: number, size: number): number => Math.max(1, ceilDiv(n, size));

/** c_0 for HubSpot: describe, event types, one GET per email campaign to name, provisioning. */
export function hubSpotMetadataCalls(input: {
  readonly describes: number;
  readonly eventTypeLookups: number;
  readonly campaignLookups: number;
  readonly fieldsToCreate: number;
}): number {
  const provisioning =
    input.fieldsToCreate > 0 ? 1 + ceilDiv(input.fieldsToCreate, HUBSPOT_SIZES.propertiesCreate) : 0;
  return input.describes + input.eventTypeLookups + input.campaignLookups + provisioning;
}

/**
 * c_0 for Salesforce: token requests, describe per object, provisioning through Tooling `/composite`, and
 * one call granting the created fields: field-level security hides a new custom field from every profile
 * without the permission, the integration user's included, and a grant can only name a field that exists.
 */
export function salesforceMetadataCalls(input: {
  readonly tokens: number;
  readonly describes: number;
  readonly fieldsToCreate: number;
}): number {
  const create = ceilDiv(input.fieldsToCreate, SALESFORCE_SIZES.toolingComposite);
  return input.tokens + input.describes + create + (input.fieldsToCreate > 0 ? 1 : 0);
}

function hubSpotStreamCalls(stream: HubSpotStreamCount, full: boolean): { calls: number; how: string } {
  const a = stream.records;
  if (stream.family === 'events')
    return { calls: atLeastOne(a, HUBSPOT_SIZES.events), how: `max(1, ⌈${a}/1000⌉)` };
  if (stream.family === 'email-events')
    return { calls: atLeastOne(a, HUBSPOT_SIZES.emailEvents), how: `max(1, ⌈${a}/1000⌉)` };
  const search = atLeastOne(a, HUBSPOT_SIZES.search) + ceilDiv(a, HUBSPOT_SIZES.associationsRead);
  if (!full) return { calls: search, how: `max(1, ⌈${a}/200⌉) + ⌈${a}/1000⌉` };
  const list = atLeastOne(a, HUBSPOT_SIZES.list);
  return { calls: Math.min(list, search), how: `min(⌈${a}/100⌉, ⌈${a}/200⌉ + ⌈${a}/1000⌉)` };
}

function syncBounds(input: SyncBoundInput): LowerBounds {
  const explain: Record<string, string> = {};
  const full = input.scenario === 'full';
  const hs = input.hubspot;
  const contacts = full
    ? atLeastOne(hs.contacts, HUBSPOT_SIZES.list)
    : atLeastOne(hs.contacts, HUBSPOT_SIZES.search);
  explain['hubspot.contacts'] = full
    ? `⌈${hs.contacts}/100⌉ = ${contacts} (list, 100 per page)`
    : `max(1, ⌈${hs.contacts}/200⌉) = ${contacts} (search, 200 per page)`;
  let hubspot = contacts;
  for (const stream of hs.streams) {
    const { calls, how } = hubSpotStreamCalls(stream, full);
    explain[`hubspot.${stream.name}`] = `${how} = ${calls}`;
    hubspot += calls;
  }
  const hsWrites = ceilDiv(hs.writes, HUBSPOT_SIZES.batchWrite);
  explain['hubspot.writes'] = `⌈${hs.writes}/100⌉ = ${hsWrites} (batch update/upsert)`;
  explain['hubspot.c0'] = `${hs.metadataCalls} (metadata)`;
  hubspot += hsWrites + hs.metadataCalls;
  if (hs.companies) {
    const { records, writes } = hs.companies;
    const listed = full || hs.companies.complete === true;
    const page = listed ? HUBSPOT_SIZES.list : HUBSPOT_SIZES.search;
    const calls = atLeastOne(records, page) + ceilDiv(writes, HUBSPOT_SIZES.batchWrite);
    explain['hubspot.companies'] =
      `max(1, ⌈${records}/${page}⌉) + ⌈${writes}/100⌉ = ${calls} (companies ${listed ? 'list' : 'search'}, batch update)`;
    hubspot += calls;
  }

  const sf = input.salesforce;
  // Continuation pages of different streams share a composite as first pages do, so calls follow the
  // total page count, except that one stream's pages come one after another.
  let pages = 0;
  let longest = 0;
  for (const stream of sf.streams) {
    const p = atLeastOne(stream.rows, SALESFORCE_SIZES.queryPage);
    explain[`salesforce.${stream.name}`] = `max(1, ⌈${stream.rows}/2000⌉) = ${p} pages`;
    pages += p;
    longest = Math.max(longest, p);
  }
  const reads = Math.max(ceilDiv(pages, SALESFORCE_SIZES.compositeQueries), longest);
  explain['salesforce.reads'] =
    `max(⌈${pages}/5⌉, ${longest}) = ${reads} (${sf.streams.length} streams, 5 page reads per /composite)`;
  let salesforce = reads;
  const sfWrites = ceilDiv(sf.writes, SALESFORCE_SIZES.compositeRecords);
  explain['salesforce.writes'] = `⌈${sf.writes}/1000⌉ = ${sfWrites} (/composite, 5 × 200)`;
  explain['salesforce.c0'] = `${sf.metadataCalls} (metadata)`;
  salesforce += sfWrites + sf.metadataCalls;
  return { hubspot, salesforce, explain };
}

function labelBounds(input: LabelsBoundInput): LowerBounds {
  const hs = input.hubspot;
  const sf = input.salesforce;
  const hsCreate = ceilDiv(hs.fieldsToCreate, HUBSPOT_SIZES.propertiesCreate);
  // Tooling returns a field's Metadata only to a single-row query (≤ 5 queries per /composite) or a GET by
  // Id (after one Id lookup), and a label PATCH must send the whole Metadata back: reads, then writes.
  const f = sf.fieldsToRelabel;
  const sfReads = f === 0 ? 0 : Math.min(ceilDiv(f, 5), 1 + ceilDiv(f, SALESFORCE_SIZES.toolingComposite));
  const sfTooling = sfReads + ceilDiv(f + sf.fieldsToCreate, SALESFORCE_SIZES.toolingComposite);
  return {
    hubspot: hs.describedObjects + hs.fieldsToRelabel + hsCreate,
    salesforce: sf.describedObjects + sfTooling,
    explain: {
      'hubspot.describe': `${hs.describedObjects} (one properties read per object)`,
      'hubspot.relabel': `${hs.fieldsToRelabel} (one PATCH per property)`,
      'hubspot.create': `⌈${hs.fieldsToCreate}/100⌉ = ${hsCreate} (properties batch create)`,
      'salesforce.describe': `${sf.describedObjects} (one describe per object)`,
      'salesforce.tooling': `reads min(⌈${f}/5⌉, 1 + ⌈${f}/25⌉) + writes ⌈(${f} + ${sf.fieldsToCreate})/25⌉ = ${sfTooling} (Tooling /composite)`,
    },
  };
}

export function lowerBounds(input: LowerBoundInput): LowerBounds {
  return input.scenario === 'labels' ? labelBounds(input) : syncBounds(input);
}
