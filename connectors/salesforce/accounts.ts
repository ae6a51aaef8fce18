/**
 * Salesforce Accounts for account scoring: every live Account by SOQL `query` (not `queryAll`: deleted
 * Accounts are not companies), paged by `queryMore`; updates through sObject Collections PATCH like
 * Leads and Contacts; leadloop's account fields provisioned through Tooling CustomField like theirs.
 * Fields the describe does not list are left out of the SOQL (Salesforce refuses unknown fields).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
 */
import type { CompanyRecord } from '../../src/domain/company.ts';
import type { CompanySource } from '../company-source.ts';
import type { SalesforceClient } from './connection.ts';
import { createFields } from './create-fields.ts';
import type { DescribeCache } from './describe.ts';
import { isoTime, scalarFields } from './map.ts';
import { queryPages } from './query-pages.ts';
import type { SfRecord } from './schemas.ts';
import { selectList } from './soql.ts';
import type { Tooling } from './tooling.ts';
import { updateRecords } from './write-records.ts';

export const ACCOUNT = 'Account';

function toCompanyRecord(record: SfRecord): CompanyRecord {
  return {
    crm: 'salesforce',
    id: record.Id,
    fields: scalarFields(record),
    modifiedAt: isoTime(record['SystemModstamp']) ?? new Date(0).toISOString(),
  };
}

export function salesforceAccounts(deps: {
  readonly client: SalesforceClient;
  readonly describe: DescribeCache;
  readonly tooling: Tooling;
}): CompanySource {
  const { client, describe, tooling } = deps;
  return {
    objectApiName: ACCOUNT,
    describe: (options) => {
      if (options?.fresh) describe.invalidate(ACCOUNT);
      return describe.fields(ACCOUNT);
    },
    async *readAll(fields) {
      const have = new Set((await describe.fields(ACCOUNT)).map((f) => f.name.toLowerCase()));
      const wanted = ['Id', 'SystemModstamp', ...fields].filter(
        (f) => have.has(f.toLowerCase()) || f === 'Id',
      );
      const soql = `SELECT ${selectList([...new Set(wanted)])} FROM ${ACCOUNT} ORDER BY Id`;
      for await (const page of queryPages(client, soql, { all: false }))
        yield page.records.map(toCompanyRecord);
    },
    write: (updates) => updateRecords(client, ACCOUNT, updates),
    createFields: (specs) => createFields(tooling, describe, specs, client),
  };
}
