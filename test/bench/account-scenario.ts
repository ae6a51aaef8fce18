/**
 * Scenario 6: account scoring switched on, on the state (and the model) the earlier scenarios left. Its
 * first run reads every company of both CRMs (no company cursor yet), provisions the account fields and
 * re-reads every person for the person fields accounts add (the bound counts that backfill); its echo re-reads
 * the companies it wrote; then one company per CRM in a hundred is edited and only those (and the echo's
 * lookback) are read. The bound gets the company counts: every company on the first run, the changed ones
 * after (the sandboxes count them, `changed-since`), W_C from the run.
 */
import { COMPANY_FIELD_KEYS } from '../../src/accounts/account-fields.ts';
import { AccountScoringConfig } from '../../src/accounts/schema.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { FullSyncCounts } from '../../src/lower-bounds/dataset-counts.ts';
import {
  hubSpotMetadataCalls,
  salesforceMetadataCalls,
  type SyncBoundInput,
} from '../../src/lower-bounds/lower-bound.ts';
import type { RunReport } from '../../src/sync/run-sync.ts';

const ACCOUNT = AccountScoringConfig.parse({
  profile: {
    rules: [
      { name: 'Software', field: 'industry', in: ['Computer Software'], points: 40 },
      { name: '500+ employees', group: 'size', field: 'employees', gte: 500, points: 40 },
      { name: '50+ employees', group: 'size', field: 'employees', gte: 50, points: 20 },
    ],
    grades: { A: 80, B: 50, C: 20 },
  },
  engagement: { rollup: { kind: 'top', people: 3 }, levels: { '1': 60, '2': 30, '3': 10 } },
  match: ['email-domain'],
});

export function withAccounts(config: LeadloopConfig): LeadloopConfig {
  return { ...config, scoring: { ...config.scoring, account: ACCOUNT } };
}

export interface CompanyCounts {
  /** Companies the run must read per CRM: all of them when `complete`, else those changed. */
  readonly hubspot: number;
  readonly salesforce: number;
  /** No company cursor yet: every company is read, and the account fields are provisioned. */
  readonly complete: boolean;
  /**
   * The person fields account scoring adds (a contact's company id, the Lead's company name) were never
   * pulled: the run must read every contact, Lead and Contact again to fill them (pull.ts, backfill).
   */
  readonly backfill?: FullSyncCounts;
}

const n = (report: RunReport, key: `accounts.companiesWritten.${'hubspot' | 'salesforce'}`): number =>
  report.counters[key] ?? 0;

/** The person-side bound plus the company terms: HubSpot's companies term, Salesforce's Account stream. */
export function withCompanies(
  input: SyncBoundInput,
  companies: CompanyCounts,
  report: RunReport,
): SyncBoundInput {
  const fields = companies.complete ? COMPANY_FIELD_KEYS.length : 0;
  const backfill = companies.backfill;
  const people = new Map(
    (backfill?.salesforceStreams ?? [])
      .filter((s) => s.name === 'Lead' || s.name === 'Contact')
      .map((s) => [s.name, s.rows]),
  );
  return {
    ...input,
    hubspot: {
      ...input.hubspot,
      contacts: backfill
        ? Math.max(input.hubspot.contacts, backfill.hubspotContacts)
        : input.hubspot.contacts,
      companies: {
        records: companies.hubspot,
        writes: n(report, 'accounts.companiesWritten.hubspot'),
        complete: companies.complete,
      },
      metadataCalls:
        input.hubspot.metadataCalls +
        (companies.complete
          ? hubSpotMetadataCalls({
              describes: 1,
              eventTypeLookups: 0,
              campaignLookups: 0,
              fieldsToCreate: fields,
            })
          : 0),
    },
    salesforce: {
      ...input.salesforce,
      streams: [
        ...input.salesforce.streams.map((s) => ({ ...s, rows: Math.max(s.rows, people.get(s.name) ?? 0) })),
        { name: 'Account', rows: companies.salesforce },
      ],
      writes: input.salesforce.writes + n(report, 'accounts.companiesWritten.salesforce'),
      metadataCalls:
        input.salesforce.metadataCalls +
        (companies.complete
          ? salesforceMetadataCalls({ tokens: 0, describes: 1, fieldsToCreate: fields })
          : 0),
    },
  };
}
