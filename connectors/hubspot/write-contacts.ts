/**
 * Batch update and batch upsert of contacts. Each input carries an `objectWriteTraceId` so HubSpot
 * answers 207 with per-input errors instead of failing the batch.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/update-contacts
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/upsert-contacts
 */
import type { RecordCreate, RecordUpdate, WriteOutcome } from '../../src/domain/write.ts';
import type { HubSpotApi } from './api.ts';
import { batchOutcomes, toHubSpotValues } from './batch-outcomes.ts';
import { writeInBatches } from './batch-write.ts';
import { HsBatchResponse } from './schemas.ts';

type Keyed<T> = T & { readonly key: string; readonly traceId: string };

export async function updateContacts(
  api: HubSpotApi,
  updates: readonly RecordUpdate[],
): Promise<WriteOutcome[]> {
  const items = updates.map((u, i): Keyed<RecordUpdate> => ({ ...u, key: u.id, traceId: `u${i}` }));
  return writeInBatches(items, async (chunk) => {
    const { data } = await api.call(
      {
        family: 'batch-update',
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/update',
        body: {
          inputs: chunk.map((u) => ({
            id: u.id,
            properties: toHubSpotValues(u.fields),
            objectWriteTraceId: u.traceId,
          })),
        },
      },
      HsBatchResponse,
    );
    return batchOutcomes(chunk, data, (r) => r.id);
  });
}

export async function upsertContacts(
  api: HubSpotApi,
  creates: readonly RecordCreate[],
): Promise<WriteOutcome[]> {
  const items = creates.map((c, i): Keyed<RecordCreate> => ({ ...c, key: c.externalId, traceId: `c${i}` }));
  return writeInBatches(items, async (chunk) => {
    const { data } = await api.call(
      {
        family: 'batch-upsert',
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/upsert',
        body: {
          inputs: chunk.map((c) => ({
            id: c.externalId,
            idProperty: c.externalIdField,
            // The unique property is set too, so the result names the key it belongs to.
            properties: { ...toHubSpotValues(c.fields), [c.externalIdField]: c.externalId },
            objectWriteTraceId: c.traceId,
          })),
        },
      },
      HsBatchResponse,
    );
    // The documented upsert result carries the input's objectWriteTraceId and may leave `properties`
    // empty: match on the trace id first, on the echoed unique property only when there is none.
    const byTrace = new Map(chunk.map((c) => [c.traceId, c.externalId]));
    const fieldOf = new Map(chunk.map((c) => [c.externalId, c.externalIdField]));
    const keys = new Set(fieldOf.keys());
    return batchOutcomes(chunk, data, (r) => {
      const traced = r.objectWriteTraceId ? byTrace.get(r.objectWriteTraceId) : undefined;
      if (traced !== undefined) return traced;
      for (const field of new Set(fieldOf.values())) {
        const value = r.properties[field];
        if (value && keys.has(value)) return value;
      }
      return undefined;
    });
  });
}
