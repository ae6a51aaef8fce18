/**
 * Contacts by id (`readRecords`): batch read, 100 ids per call, `archived=false`. HubSpot answers 207
 * with the ids it cannot find in `errors` (`OBJECT_NOT_FOUND`, `context.ids`); an archived contact is one
 * of them, and so is one deleted for good (GDPR deletes never reach the archive). A merged-away id is
 * answered by the contact it was merged into ("fetching any records using the original IDs will return
 * the new merged record", developers.hubspot.com/changelog/updated-merge-functionality-for-contacts-and-companies),
 * whose `hs_merged_object_ids` lists it: that id counts as found, and linking moves its person to the
 * survivor. Every other requested id without a result of its own is reported not found, whatever the
 * errors say.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/batch/read-contacts
 */
import type { PersonRecord } from '../../src/domain/person.ts';
import { splitRejected } from '../rejected-records.ts';
import type { ReadRecordsResult } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import type { HubSpotInclude } from '../../src/config/include.ts';
import { includeProperties, insideInclude } from './include-filter.ts';
import { toPersonRecord } from './map.ts';
import { contactProperties } from './pull-contacts.ts';
import { HsBatchReadResponse } from './schemas.ts';

/** "Batch operations are limited to 100 records at a time" (HubSpot's contacts guide, Limits). */
export const BATCH_READ_SIZE = 100;

export async function readContacts(
  api: HubSpotApi,
  ids: readonly string[],
  fields: readonly string[] | undefined,
  include?: HubSpotInclude,
): Promise<ReadRecordsResult> {
  // The same properties a pull asks for, so a snapshot read by id is one a pull would have stored.
  const properties = contactProperties(fields, include ? includeProperties(include) : []);
  const wanted = [...new Set(ids)];
  const records: PersonRecord[] = [];
  const found = new Set<string>();
  const answered = new Set<string>();
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
      const record = toPersonRecord(obj);
      // Outside `sync.include.hubspot`: answered as not found, like a deletion.
      if (include && !insideInclude(include, record.fields)) continue;
      // A survivor asked for by its own id and a merged-away one comes back once per input.
      if (!answered.has(obj.id)) records.push(record);
      answered.add(obj.id);
      for (const id of [obj.id, ...(record.mergedIds ?? [])]) found.add(id);
    }
  }
  const { items, rejected } = splitRejected(records);
  return { records: items, rejected, notFound: wanted.filter((id) => !found.has(id)) };
}
