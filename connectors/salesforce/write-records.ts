/**
 * `write` (updates by record id) and `create` (idempotent upserts on an external id field, e.g.
 * `Leadloop_HubSpot_Id__c`, so a retried create never duplicates). One outcome per input, in input order.
 * Updates always send `Sforce-Auto-Assign: FALSE` (writing a score never changes a Lead's owner); creates
 * do too unless the org's assignment rules are to pick the owner (`assignmentRules`). Writes handed over
 * side by side share composite calls (write-batcher.ts).
 * Upsert: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 */
import type { RecordCreate, RecordUpdate, WriteOutcome } from '../../src/domain/write.ts';
import type { SalesforceClient } from './connection.ts';
import type { CollectionTarget, WriteOptions } from './collections.ts';
import { submitWrites } from './write-batcher.ts';
import { soqlIdentifier } from './soql.ts';

function missing(key: string): WriteOutcome {
  return {
    ok: false,
    key,
    failure: {
      kind: 'transient',
      retryable: true,
      code: 'SF_NO_RESULT',
      message: 'no result returned for this record',
      fields: [],
    },
  };
}

function checkFields(fields: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(fields)) soqlIdentifier(name);
}

export async function updateRecords(
  client: SalesforceClient,
  objectApiName: string,
  updates: readonly RecordUpdate[],
): Promise<WriteOutcome[]> {
  if (updates.length === 0) return [];
  // Salesforce rejects a collection naming one id twice: merge repeats (later values win), share the outcome.
  const merged = new Map<string, Record<string, unknown>>();
  for (const u of updates) {
    checkFields(u.fields);
    merged.set(u.id, { ...merged.get(u.id), ...u.fields });
  }
  const target: CollectionTarget = {
    method: 'PATCH',
    path: '/composite/sobjects',
    items: [...merged].map(([id, fields]) => ({
      key: id,
      record: { attributes: { type: objectApiName }, id, ...fields },
    })),
  };
  const outcomes = await submitWrites(client, [target], { assignmentRules: false });
  return updates.map((u) => outcomes.get(u.id) ?? missing(u.id));
}

export async function upsertRecords(
  client: SalesforceClient,
  objectApiName: string,
  creates: readonly RecordCreate[],
  options: WriteOptions = { assignmentRules: false },
): Promise<WriteOutcome[]> {
  if (creates.length === 0) return [];
  const byField = new Map<string, RecordCreate[]>();
  for (const c of creates) {
    checkFields(c.fields);
    byField.set(soqlIdentifier(c.externalIdField), [...(byField.get(c.externalIdField) ?? []), c]);
  }
  const targets: CollectionTarget[] = [...byField].map(([field, group]) => ({
    method: 'PATCH',
    path: `/composite/sobjects/${soqlIdentifier(objectApiName)}/${field}`,
    items: group.map((c) => ({
      key: c.externalId,
      record: { attributes: { type: objectApiName }, ...c.fields, [field]: c.externalId },
    })),
  }));
  const outcomes = await submitWrites(client, targets, options);
  return creates.map((c) => outcomes.get(c.externalId) ?? missing(c.externalId));
}
