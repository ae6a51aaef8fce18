/**
 * Salesforce Accounts for account scoring: the Accounts changed since a cursor (pull-accounts.ts: the
 * keyset pull on SystemModstamp with its lookback); updates through sObject Collections PATCH like
 * Leads and Contacts; leadloop's account fields provisioned through Tooling CustomField like theirs.
 * Fields the describe does not list are left out of the SOQL (Salesforce refuses unknown fields).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
 */
import type { Logger } from '../../src/lib/logger.ts';
import type { CompanySource } from '../company-source.ts';
import type { SalesforceClient } from './connection.ts';
import { createFields } from './create-fields.ts';
import type { DescribeCache } from './describe.ts';
import { ACCOUNT, pullAccounts } from './pull-accounts.ts';
import type { Tooling } from './tooling.ts';
import { updateRecords } from './write-records.ts';

export { ACCOUNT };

export function salesforceAccounts(deps: {
  readonly client: SalesforceClient;
  readonly describe: DescribeCache;
  readonly tooling: Tooling;
  readonly logger: Logger;
  /** The lookback behind the cursor (`lookbackSeconds`), as for Leads and Contacts. */
  readonly lookbackMs: number;
}): CompanySource {
  const { client, describe, tooling } = deps;
  const windows = new Map<string, number>();
  return {
    objectApiName: ACCOUNT,
    describe: (options) => {
      if (options?.fresh) describe.invalidate(ACCOUNT);
      return describe.fields(ACCOUNT);
    },
    async *readChanged(fields, cursor, options) {
      const have = new Set((await describe.fields(ACCOUNT)).map((f) => f.name.toLowerCase()));
      const wanted = fields.filter((f) => have.has(f.toLowerCase()));
      const ctx = { client, logger: deps.logger, lookbackMs: deps.lookbackMs, windows };
      // In Salesforce's time, so a host clock ahead of the org's does not move the cursor past rows it has yet to stamp.
      const signpost = client.serverClock.toServer(options.signpost);
      yield* pullAccounts(ctx, wanted, cursor, { ...options, signpost });
    },
    write: (updates) => updateRecords(client, ACCOUNT, updates),
    createFields: (specs) => createFields(tooling, describe, specs, client),
  };
}
