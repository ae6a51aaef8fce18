/**
 * Batch update and batch upsert of contacts. Values HubSpot would refuse are kept out of the call
 * (prevalidate.ts): batch update and upsert refuse the whole batch for one bad input. Each input carries
 * an `objectWriteTraceId`, which a result or an error may name it by.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/update-contacts
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/upsert-contacts
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { RecordCreate, RecordUpdate, WriteOutcome } from '../../src/domain/write.ts';
import type { HubSpotApi } from './api.ts';
import { batchOutcomes, toHubSpotValues } from './batch-outcomes.ts';
import { writeInBatches, type SendAttempt } from './batch-write.ts';
import { sendValid } from './prevalidate.ts';
import { HsBatchResponse } from './schemas.ts';

type Keyed<T> = T & { readonly key: string; readonly traceId: string };

/** A call that only isolates a refused record is counted apart, so usage shows what refusals cost. */
function familyOf(base: string, attempt: SendAttempt): string {
  return attempt === 'split' ? `${base}-split` : base;
}

export async function updateContacts(
  api: HubSpotApi,
  updates: readonly RecordUpdate[],
  properties: readonly FieldDescriptor[],
): Promise<WriteOutcome[]> {
  const items = updates.map((u, i): Keyed<RecordUpdate> => ({ ...u, key: u.id, traceId: `u${i}` }));
  return sendValid(items, properties, (valid) =>
    writeInBatches(valid, async (chunk, attempt) => {
      const { data } = await api.call(
        {
          family: familyOf('batch-update', attempt),
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
      return batchOutcomes(
        chunk.map((u) => ({ key: u.key, traceId: u.traceId, id: u.id })),
        data,
      );
    }),
  );
}

export async function upsertContacts(
  api: HubSpotApi,
  creates: readonly RecordCreate[],
  properties: readonly FieldDescriptor[],
): Promise<WriteOutcome[]> {
  const items = creates.map((c, i): Keyed<RecordCreate> => ({ ...c, key: c.externalId, traceId: `c${i}` }));
  return sendValid(items, properties, (valid) =>
    writeInBatches(valid, async (chunk, attempt) => {
      const { data } = await api.call(
        {
          family: familyOf('batch-upsert', attempt),
          method: 'POST',
          path: '/crm/v3/objects/contacts/batch/upsert',
          body: {
            inputs: chunk.map((c) => ({
              id: c.externalId,
              idProperty: c.externalIdField,
              // The key is written too: a record created by the upsert holds it whatever HubSpot copies.
              properties: { ...toHubSpotValues(c.fields), [c.externalIdField]: c.externalId },
              objectWriteTraceId: c.traceId,
            })),
          },
        },
        HsBatchResponse,
      );
      // Only the trace id ties an upsert result to its input (an update's id is not known before).
      return batchOutcomes(
        chunk.map((c) => ({ key: c.key, traceId: c.traceId })),
        data,
      );
    }),
  );
}
