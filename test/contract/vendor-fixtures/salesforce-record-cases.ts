/**
 * Salesforce documented answers for records: query and queryAll pages, describe, limits, sObject
 * Collections (update, upsert, a duplicate rule's refusal) and the composite envelope. Each is replayed
 * through the connector function that makes the call, then asked of the sandbox.
 */
import nock from 'nock';
import { expect } from 'vitest';
import { DescribeCache } from '../../../connectors/salesforce/describe.ts';
import { toPersonRecord } from '../../../connectors/salesforce/map.ts';
import { queryPages } from '../../../connectors/salesforce/query-pages.ts';
import { SfCompositeResponse, SfLimits } from '../../../connectors/salesforce/schemas.ts';
import { updateRecords, upsertRecords } from '../../../connectors/salesforce/write-records.ts';
import { api } from '../salesforce-sandbox/sandbox-helpers.ts';
import { INSTANCE, V } from '../salesforce-connector/helpers.ts';
import {
  client,
  EXT_ID,
  first,
  inComposite,
  JSON_TYPE,
  leadId,
  q,
  replay,
  type SalesforceEnv,
} from './salesforce-replay.ts';
import type { VendorCase } from './vendor-case.ts';

const PER_APP =
  'the per-connected-app breakdown of the allocation is not modelled; the connector reads Max and Remaining only';

export const salesforceRecordCases: VendorCase<SalesforceEnv>[] = [
  {
    file: 'query-200-next-records-url.json',
    status: 200,
    endpoint: 'GET /services/data/vXX.X/query?q=',
    read: async (body) => {
      replay('get', `${V}/query`, 200, body);
      const pages = queryPages(client(), 'SELECT Id, Name FROM Contact', { all: false });
      const page = await first(pages);
      expect([
        page.totalSize,
        page.done,
        page.records.map((r) => [r.Id, r['Name'], r.attributes?.type]),
      ]).toEqual([3222, false, [['003RO0000035WQgYAM', 'John Smith', 'Contact']]]);
      // queryMore follows the documented locator path as given, on the session's own instance.
      nock(INSTANCE)
        .get('/services/data/v68.0/query/01gRO0000016PIAYA2-500')
        .reply(200, JSON.stringify({ totalSize: 3222, done: true, records: [] }), JSON_TYPE);
      expect((await first(pages)).done).toBe(true);
    },
    sandbox: {
      ask: ({ sb }) => api(sb, q('SELECT Id, Name FROM Contact')),
      levels: ['', 'records[]', 'records[].attributes'],
    },
  },
  {
    file: 'queryall-200-deleted.json',
    status: 200,
    endpoint: 'GET /services/data/vXX.X/queryAll?q=',
    read: async (body) => {
      replay('get', `${V}/queryAll`, 200, body);
      const soql = 'SELECT Id, Name, IsDeleted, SystemModstamp FROM Lead WHERE IsDeleted = TRUE';
      const page = await first(queryPages(client(), soql, { all: true }));
      const record = page.records[0];
      if (!record) throw new Error('no record');
      expect(toPersonRecord('lead', record)).toMatchObject({
        id: 'a00D0000008pQRAIX2',
        deleted: true,
        modifiedAt: '2024-05-01T10:00:00.000Z',
        fields: { Name: 'Merchandise 1' },
      });
    },
    sandbox: {
      ask: async ({ sb }) => {
        const id = await leadId(sb);
        await api(sb, `/sobjects/Lead/${id}`, { method: 'DELETE' });
        return api(
          sb,
          `/queryAll?q=${encodeURIComponent('SELECT Id, Name, IsDeleted, SystemModstamp FROM Lead WHERE IsDeleted = TRUE')}`,
        );
      },
      levels: ['', 'records[]', 'records[].attributes'],
    },
  },
  {
    file: 'describe-lead-200.json',
    status: 200,
    endpoint: 'GET /services/data/vXX.X/sobjects/Lead/describe',
    read: async (body) => {
      replay('get', `${V}/sobjects/Lead/describe`, 200, body);
      const fields = await new DescribeCache(client()).fields('Lead');
      expect(fields.map((f) => [f.name, f.type, f.length, f.writable, f.custom])).toEqual([
        ['Id', 'id', null, false, false],
        ['Email', 'email', 80, true, false],
        ['Status', 'picklist', 255, true, false],
        ['SystemModstamp', 'datetime', null, false, false],
      ]);
      expect(fields[2]).toMatchObject({
        lengthUnit: 'utf16',
        optionLabelsEditable: true,
        options: [
          { value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true },
          { value: 'Closed - Converted', label: 'Closed - Converted', active: true },
        ],
      });
    },
    sandbox: {
      ask: ({ sb }) => api(sb, '/sobjects/Lead/describe'),
      levels: ['', 'fields[]', 'fields[].picklistValues[]'],
    },
  },
  {
    file: 'limits-200.json',
    status: 200,
    endpoint: 'GET /services/data/vXX.X/limits',
    read: async (body) => {
      replay('get', `${V}/limits`, 200, body);
      const limits = SfLimits.parse(await client().request({ method: 'GET', path: '/limits' }));
      expect(limits.DailyApiRequests).toEqual({ Max: 15000, Remaining: 14998 });
    },
    sandbox: {
      ask: ({ sb }) => api(sb, '/limits'),
      levels: ['', 'DailyApiRequests'],
      known: {
        'DailyApiRequests.Ant Migration Tool: missing': PER_APP,
        'DailyApiRequests.Salesforce Mobile Dashboards: missing': PER_APP,
      },
    },
  },
  {
    file: 'collections-update-200-errors.json',
    status: 200,
    endpoint: 'PATCH /services/data/vXX.X/composite/sobjects (in /composite)',
    read: async (body) => {
      replay('post', `${V}/composite`, 200, inComposite(body));
      const outcomes = await updateRecords(client(), 'Account', [
        { id: '001xx000003DGb2AAG', fields: { NumberOfEmployees: 27000 } },
        { id: '001xx000003DGb2999', fields: { Title: 'Lead Engineer' } },
      ]);
      expect(outcomes).toEqual([
        { ok: true, key: '001xx000003DGb2AAG', id: '001xx000003DGb2AAG' },
        {
          ok: false,
          key: '001xx000003DGb2999',
          failure: {
            kind: 'record',
            retryable: false,
            code: 'MALFORMED_ID',
            message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999',
            fields: ['Id'],
          },
        },
      ]);
    },
    sandbox: {
      ask: async ({ sb }) => {
        const id = await leadId(sb);
        return api(sb, '/composite/sobjects', {
          method: 'PATCH',
          body: JSON.stringify({
            allOrNone: false,
            records: [
              { attributes: { type: 'Lead' }, id, Title: 'Lead Engineer' },
              { attributes: { type: 'Contact' }, id: '001xx000003DGb2999', Title: 'Lead Engineer' },
            ],
          }),
        });
      },
      levels: ['[]', '[].errors[]'],
    },
  },
  {
    file: 'collections-upsert-200.json',
    status: 200,
    endpoint: 'PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{ExternalIdField} (in /composite)',
    read: async (body) => {
      replay('post', `${V}/composite`, 200, inComposite(body));
      const outcomes = await upsertRecords(client(), 'Account', [
        { externalIdField: EXT_ID, externalId: 'K1', fields: { Name: 'New' } },
        { externalIdField: EXT_ID, externalId: 'K2', fields: { Name: 'Old' } },
      ]);
      expect(outcomes).toEqual([
        { ok: true, key: 'K1', id: '001xx0000004GxDAAU', created: true },
        { ok: true, key: 'K2', id: '001xx0000004GxEAAU', created: false },
      ]);
    },
    sandbox: {
      ask: ({ sb }) =>
        api(sb, `/composite/sobjects/Lead/${EXT_ID}`, {
          method: 'PATCH',
          body: JSON.stringify({
            allOrNone: false,
            records: [{ attributes: { type: 'Lead' }, [EXT_ID]: 'K-new', LastName: 'Fresh', Company: 'Co' }],
          }),
        }),
      levels: ['[]'],
    },
  },
  {
    file: 'collections-duplicates-detected-200.json',
    status: 200,
    endpoint: 'PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{ExternalIdField} (in /composite)',
    read: async (body) => {
      replay('post', `${V}/composite`, 200, inComposite(body));
      const outcomes = await upsertRecords(client(), 'Lead', [
        { externalIdField: 'Leadloop_HubSpot_Id__c', externalId: '512', fields: { LastName: 'Smith' } },
      ]);
      expect(outcomes).toEqual([
        {
          ok: false,
          key: '512',
          failure: {
            kind: 'record',
            retryable: false,
            code: 'DUPLICATES_DETECTED',
            message: 'Use one of these records?',
            fields: [],
          },
          existing: { object: 'contact', id: '003xx000004TmiQAAS' },
        },
      ]);
    },
    sandbox: {
      unavailable:
        'the sandbox has no duplicate rules and never answers DUPLICATES_DETECTED (shared/design/real-api-behaviour.md §2)',
    },
  },
  {
    file: 'composite-200.json',
    status: 200,
    endpoint: 'POST /services/data/vXX.X/composite',
    read: async (body) => {
      // The envelope every composite answer shares; the connector reads each subrequest by referenceId.
      const parsed = SfCompositeResponse.parse(body);
      expect(parsed.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode, r.httpHeaders])).toEqual([
        ['NewAccount', 201, { Location: '/services/data/v68.0/sobjects/Account/001R00000033JNuIAM' }],
        ['NewAccountInfo', 200, {}],
      ]);
    },
    sandbox: {
      ask: async ({ sb }) => {
        const id = await leadId(sb);
        return api(sb, '/composite', {
          method: 'POST',
          body: JSON.stringify({
            allOrNone: false,
            compositeRequest: [
              { method: 'GET', url: `/services/data/v62.0${q('SELECT Id FROM Lead')}`, referenceId: 'q0' },
              {
                method: 'PATCH',
                url: '/services/data/v62.0/composite/sobjects',
                referenceId: 'c0',
                body: {
                  allOrNone: false,
                  records: [{ attributes: { type: 'Lead' }, id, Title: 'Composite' }],
                },
              },
            ],
          }),
        });
      },
      levels: ['', 'compositeResponse[]'],
    },
  },
];
