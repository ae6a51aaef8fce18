/**
 * `merge()` as Salesforce applies it (SOAP API merge(); Apex `Database.merge`; the REST API has no merge):
 * up to three Leads, Contacts or Accounts of one type become the master. The master keeps its own values,
 * except the fields the request sets on it; the others are deleted with `MasterRecordId` set to the master
 * (so `queryAll` still returns them); their related records (activities, campaign members, contact roles)
 * are reparented to the master. What is documented and what is assumed: the sandbox README ("Merges").
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_merge.htm
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { SfValue } from '../catalog/field-def.ts';
import type { SalesforceStoreCore } from './store-core.ts';

/** What `merge()` answers (MergeResult). */
export interface MergeResult {
  readonly id: string;
  readonly mergedRecordIds: string[];
  readonly updatedRelatedIds: string[];
}

const MERGEABLE = new Set(['Lead', 'Contact', 'Account']);

/** Child lookups a merge moves to the master, by the merged object. */
const CHILDREN: Readonly<Record<string, readonly { sobject: string; field: string }[]>> = {
  Lead: [
    { sobject: 'Task', field: 'WhoId' },
    { sobject: 'Event', field: 'WhoId' },
    { sobject: 'CampaignMember', field: 'LeadId' },
  ],
  Contact: [
    { sobject: 'Task', field: 'WhoId' },
    { sobject: 'Event', field: 'WhoId' },
    { sobject: 'CampaignMember', field: 'ContactId' },
    { sobject: 'OpportunityContactRole', field: 'ContactId' },
  ],
  Account: [
    { sobject: 'Contact', field: 'AccountId' },
    { sobject: 'Opportunity', field: 'AccountId' },
  ],
};

function refuse(code: string, message: string): never {
  throw new LeadloopError(code, `Salesforce sandbox merge: ${message}`);
}

export function mergeRecords(
  store: SalesforceStoreCore,
  sobject: string,
  masterId: string,
  mergeIds: readonly string[],
  masterFields: Record<string, SfValue> = {},
): MergeResult {
  const table = store.mustTable(sobject);
  const name = table.def.name;
  if (!MERGEABLE.has(name)) refuse('INVALID_TYPE', `${name} records cannot be merged`);
  if (mergeIds.length < 1 || mergeIds.length > 2)
    refuse('INVALID_ARGUMENT', 'merge one or two records into the master (three records at most)');
  const ids = [masterId, ...mergeIds];
  if (new Set(ids).size !== ids.length) refuse('INVALID_ARGUMENT', 'a record cannot be merged into itself');
  for (const id of ids) {
    const row = table.rows.get(id);
    if (!row || row['IsDeleted'] === true) refuse('ENTITY_IS_DELETED', `no live ${name} ${id}`);
    if (name === 'Lead' && row['IsConverted'] === true)
      refuse('CANNOT_UPDATE_CONVERTED_LEAD', `Lead ${id} is converted`);
  }
  const updatedRelatedIds: string[] = [];
  for (const child of CHILDREN[name] ?? []) {
    const rows = store.table(child.sobject);
    if (!rows) continue;
    for (const row of [...rows.rows.values()]) {
      const parent = row[child.field];
      if (typeof parent !== 'string' || !mergeIds.includes(parent) || row['IsDeleted'] === true) continue;
      store.patchRow(rows, row['Id'] as string, { [child.field]: masterId });
      updatedRelatedIds.push(row['Id'] as string);
    }
  }
  // The master is saved too (its own values, or the ones the request chose), so its stamps move.
  store.patchRow(table, masterId, masterFields);
  for (const id of mergeIds) store.softDelete(table, id, { MasterRecordId: masterId });
  return { id: masterId, mergedRecordIds: [...mergeIds], updatedRelatedIds };
}
