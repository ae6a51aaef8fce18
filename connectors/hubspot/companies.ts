/**
 * HubSpot companies for account scoring: list every live company (100 per call, the list endpoint, which
 * has no search's 10,000-result cap), batch-update leadloop's account properties, and provision them.
 * A company's modification stamp is `hs_lastmodifieddate` (companies carry no `lastmodifieddate`).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/guide
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/batch/update-companies
 */
import type { CompanyRecord } from '../../src/domain/company.ts';
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { CompanySource } from '../company-source.ts';
import type { HubSpotApi } from './api.ts';
import { batchOutcomes, toHubSpotValues } from './batch-outcomes.ts';
import { writeInBatches } from './batch-write.ts';
import { createFields } from './create-fields.ts';
import { toFieldDescriptor } from './map.ts';
import { sendValid } from './prevalidate.ts';
import { readProperties } from './properties.ts';
import { HsBatchResponse, HsListPage, type HsObject } from './schemas.ts';

export const COMPANIES = 'companies';
/** "Batch operations are limited to 100 records at a time"; the list endpoint's `limit` max is 100 too. */
const PAGE_SIZE = 100;

function toCompanyRecord(obj: HsObject): CompanyRecord {
  const stamp =
    obj.properties['hs_lastmodifieddate'] ?? obj.updatedAt ?? obj.createdAt ?? new Date(0).toISOString();
  return {
    crm: 'hubspot',
    id: obj.id,
    fields: { ...obj.properties },
    modifiedAt: new Date(stamp).toISOString(),
  };
}

export function hubspotCompanies(api: HubSpotApi): CompanySource {
  let described: Promise<FieldDescriptor[]> | undefined;
  const describe = (fresh: boolean): Promise<FieldDescriptor[]> => {
    if (fresh || !described)
      described = readProperties(api, COMPANIES)
        .then((props) => props.map((p) => toFieldDescriptor(p, COMPANIES)))
        .catch((err: unknown) => {
          described = undefined;
          throw err;
        });
    return described;
  };
  return {
    objectApiName: COMPANIES,
    describe: (options) => describe(options?.fresh === true),
    async *readAll(fields) {
      const have = new Set((await describe(false)).map((f) => f.name));
      const properties = [...new Set([...fields, 'hs_lastmodifieddate'])].filter((f) => have.has(f));
      let after: string | undefined;
      for (;;) {
        const { data } = await api.call(
          {
            family: 'list',
            method: 'GET',
            path: `/crm/v3/objects/${COMPANIES}`,
            qs: {
              limit: PAGE_SIZE,
              archived: false,
              properties: properties.join(','),
              ...(after ? { after } : {}),
            },
          },
          HsListPage,
        );
        yield data.results.map(toCompanyRecord);
        const next = data.paging?.next?.after;
        if (!next || next === after) return;
        after = next;
      }
    },
    async write(updates) {
      const items = updates.map((u, i) => ({ ...u, key: u.id, traceId: `u${i}` }));
      return sendValid(items, await describe(false), (valid) =>
        writeInBatches(valid, async (chunk, attempt) => {
          const { data } = await api.call(
            {
              family: attempt === 'split' ? 'batch-update-split' : 'batch-update',
              method: 'POST',
              path: `/crm/v3/objects/${COMPANIES}/batch/update`,
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
    },
    async createFields(specs) {
      const results = await createFields(
        api,
        specs,
        async () => (await describe(false)).map((f) => f.name),
        COMPANIES,
      );
      if (results.some((r) => r.status === 'created')) described = undefined;
      return results;
    },
  };
}
