/**
 * Contacts by id (`readRecords`): batch read, 100 ids per call, `archived=false`. HubSpot answers 207
 * with the ids it cannot find in `errors` (`OBJECT_NOT_FOUND`, `context.ids`); an archived contact is one
 * of them, and so is one merged into another or deleted for good (those never reach the archive). Every
 * requested id without a result of its own is reported not found, whatever the errors say: a merged-away
 * id comes back, if at all, as the contact it was merged into, which is ingested like any other result.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/read-contacts
 */
import type { PersonRecord } from '../../src/domain/person.ts';
import { splitRejected } from '../rejected-records.ts';
import type { ReadRecordsResult } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import { toPersonRecord } from './map.ts';
import { contactProperties } from './pull-contacts.ts';
import { HsBatchReadResponse } from './schemas.ts';

/** "Batch operations are limited to 100 records at a time" (HubSpot's contacts guide, Limits). */
export const BATCH_READ_SIZE = 100;

export async function readContacts(
  api: HubSpotApi,
  ids: readonly string[],
  fields: readonly string[] | undefined,
): Promise<ReadRecordsResult> {
  // The same properties a pull asks for, so a snapshot read by id is one a pull would have stored.
  const properties = contactProperties(fields);
  const wanted = [...new Set(ids)];
  const records: PersonRecord[] = [];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += BATCH_READ_SIZE) {
    const chunk = wanted.slice(i, i + BATCH_READ_SIZE);
    const { data } = await api.call(
      {
        family: 'batch-read',
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/read',
        qs: { archived: false },
        body: { inputs: chunk.map((id) => ({ id })), properties, propertiesWithHistory: [] },
      },
      HsBatchReadResponse,
    );
    for (const obj of data.results) {
      found.add(obj.id);
      records.push(toPersonRecord(obj));
    }
  }
  const { items, rejected } = splitRejected(records);
  return { records: items, rejected, notFound: wanted.filter((id) => !found.has(id)) };
}
