/**
 * HubSpot companies for account scoring: read what changed (read-companies.ts: the list endpoint without
 * a cursor, search windows on `hs_lastmodifieddate` with one), batch-update leadloop's account
 * properties, and provision them.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/guide
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/batch/update-companies
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { CompanySource } from '../company-source.ts';
import type { HubSpotApi } from './api.ts';
import { batchOutcomes, toHubSpotValues } from './batch-outcomes.ts';
import { writeInBatches } from './batch-write.ts';
import { createFields } from './create-fields.ts';
import { toFieldDescriptor } from './map.ts';
import { sendValid } from './prevalidate.ts';
import { readProperties } from './properties.ts';
import { COMPANIES, readCompanies, REQUIRED_COMPANY_PROPERTIES } from './read-companies.ts';
import { HsBatchResponse } from './schemas.ts';

export { COMPANIES };

export interface HubSpotCompaniesDeps {
  readonly api: HubSpotApi;
  /** The search overlap behind the cursor (`searchLookbackSeconds`), as for contacts. */
  readonly lookbackMs: number;
  /** The run's signpost in HubSpot's time. */
  readonly toServer: (local: Date) => Date;
}

export function hubspotCompanies(deps: HubSpotCompaniesDeps): CompanySource {
  const { api } = deps;
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
    async *readChanged(fields, cursor, options) {
      const have = new Set((await describe(false)).map((f) => f.name));
      const properties = [...new Set([...fields, ...REQUIRED_COMPANY_PROPERTIES])].filter((f) => have.has(f));
      yield* readCompanies({ api, lookbackMs: deps.lookbackMs }, properties, cursor, {
        ...options,
        signpost: deps.toServer(options.signpost),
      });
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
