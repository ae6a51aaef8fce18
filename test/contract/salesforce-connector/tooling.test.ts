import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

function connector() {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  return createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger, retryBaseMs: 5 });
}

const LEAD_DESCRIBE = {
  name: 'Lead',
  fields: [
    { name: 'Id', label: 'Lead ID', type: 'id', length: 18, updateable: false, custom: false },
    {
      name: 'Status',
      label: 'Lead Status',
      type: 'picklist',
      length: 255,
      updateable: true,
      custom: false,
      picklistValues: [
        { value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true, defaultValue: true },
        { value: 'Closed - Converted', label: 'Closed - Converted', active: false, defaultValue: false },
      ],
    },
    { name: 'Leadloop_Score__c', label: 'Score', type: 'double', length: 0, updateable: true, custom: true },
  ],
};

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('describe', () => {
  it('maps SOAP types, updateable, custom, picklist options and lengths to FieldDescriptor', async () => {
    nock(INSTANCE).get(`${V}/sobjects/Lead/describe`).reply(200, LEAD_DESCRIBE, LIMIT_HEADER);
    const sf = connector();
    const fields = await sf.describe('lead');
    expect(fields).toEqual([
      {
        crm: 'salesforce',
        object: 'Lead',
        name: 'Id',
        label: 'Lead ID',
        type: 'id',
        length: null,
        options: [],
        writable: false,
        custom: false,
        labelEditable: false,
        description: null,
      },
      {
        crm: 'salesforce',
        object: 'Lead',
        name: 'Status',
        label: 'Lead Status',
        type: 'picklist',
        length: 255,
        options: [
          { value: 'Open - Not Contacted', label: 'Open - Not Contacted', active: true },
          { value: 'Closed - Converted', label: 'Closed - Converted', active: false },
        ],
        writable: true,
        custom: false,
        labelEditable: false,
        // A standard value set (Lead Status): option labels are renamed through Tooling StandardValueSet.
        optionLabelsEditable: true,
        description: null,
      },
      {
        crm: 'salesforce',
        object: 'Lead',
        name: 'Leadloop_Score__c',
        label: 'Score',
        type: 'number',
        length: null,
        options: [],
        writable: true,
        custom: true,
        labelEditable: true,
        description: null,
      },
    ]);
    await sf.describe('lead'); // cached: one describe call
    expect(sf.usage().calls['describe']).toBe(1);
  });
});

describe('updateLabels', () => {
  it('renames a custom field label via Tooling CustomField (full Metadata sent back), standard labels are not editable', async () => {
    const metadata = {
      label: 'Score',
      type: 'Number',
      precision: 18,
      scale: 2,
      required: false,
      inlineHelpText: 'kept',
    };
    let patched: unknown;
    nock(INSTANCE)
      .get(`${V}/tooling/query`)
      .query({
        q: "SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = 'Lead' AND DeveloperName IN ('Leadloop_Score')",
      })
      .reply(
        200,
        {
          totalSize: 1,
          done: true,
          records: [{ Id: '00N5g00000AbCdE', DeveloperName: 'Leadloop_Score', TableEnumOrId: 'Lead' }],
        },
        LIMIT_HEADER,
      )
      .get(`${V}/tooling/sobjects/CustomField/00N5g00000AbCdE`)
      .reply(
        200,
        { Id: '00N5g00000AbCdE', FullName: 'Lead.Leadloop_Score__c', Metadata: metadata },
        LIMIT_HEADER,
      )
      .patch(`${V}/tooling/sobjects/CustomField/00N5g00000AbCdE`, (b: unknown) => {
        patched = b;
        return true;
      })
      .reply(204);
    const sf = connector();
    const results = await sf.updateLabels([
      { object: 'Lead', field: 'Leadloop_Score__c', from: 'Score', to: 'Lead Score' },
      { object: 'Lead', field: 'Company', from: 'Company', to: 'Account' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'not-editable']);
    expect(patched).toEqual({
      FullName: 'Lead.Leadloop_Score__c',
      Metadata: { ...metadata, label: 'Lead Score' },
    });
  });

  it('relabels Lead Status values via StandardValueSet, keeping API values; unchanged and unknown values reported', async () => {
    const standardValue = [
      { valueName: 'Open - Not Contacted', label: 'Open - Not Contacted', default: true, converted: false },
      { valueName: 'Working - Contacted', label: 'Working - Contacted', default: false, converted: false },
    ];
    let patched: unknown;
    nock(INSTANCE)
      .get(`${V}/tooling/query`)
      .query({ q: "SELECT Id, MasterLabel FROM StandardValueSet WHERE MasterLabel = 'LeadStatus'" })
      .reply(
        200,
        { totalSize: 1, done: true, records: [{ Id: '0Ps5g000000001', MasterLabel: 'LeadStatus' }] },
        LIMIT_HEADER,
      )
      .get(`${V}/tooling/sobjects/StandardValueSet/0Ps5g000000001`)
      .reply(
        200,
        {
          Id: '0Ps5g000000001',
          FullName: 'LeadStatus',
          MasterLabel: 'LeadStatus',
          Metadata: { sorted: false, standardValue },
        },
        LIMIT_HEADER,
      )
      .patch(`${V}/tooling/sobjects/StandardValueSet/0Ps5g000000001`, (b: unknown) => {
        patched = b;
        return true;
      })
      .reply(204);
    const sf = connector();
    const results = await sf.updateLabels([
      {
        object: 'Lead',
        field: 'Status',
        optionValue: 'Open - Not Contacted',
        from: 'Open - Not Contacted',
        to: 'New (MIL)',
      },
      {
        object: 'Lead',
        field: 'Status',
        optionValue: 'Working - Contacted',
        from: 'Working - Contacted',
        to: 'Working - Contacted',
      },
      { object: 'Lead', field: 'Status', optionValue: 'Nope', from: 'Nope', to: 'X' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'unchanged', 'failed']);
    expect(patched).toEqual({
      FullName: 'LeadStatus',
      Metadata: {
        sorted: false,
        standardValue: [
          { valueName: 'Open - Not Contacted', label: 'New (MIL)', default: true, converted: false },
          {
            valueName: 'Working - Contacted',
            label: 'Working - Contacted',
            default: false,
            converted: false,
          },
        ],
      },
    });
  });

  it('relabels a custom picklist value inside CustomField valueSet', async () => {
    const metadata = {
      label: 'Stage',
      type: 'Picklist',
      valueSet: {
        restricted: true,
        valueSetDefinition: { sorted: false, value: [{ fullName: 'MQL', label: 'MQL', default: false }] },
      },
    };
    let patched: { Metadata?: typeof metadata } | undefined;
    nock(INSTANCE)
      .get(`${V}/tooling/query`)
      .query(true)
      .reply(
        200,
        { totalSize: 1, done: true, records: [{ Id: '00N5g00000Stage', DeveloperName: 'Leadloop_Stage' }] },
        LIMIT_HEADER,
      )
      .get(`${V}/tooling/sobjects/CustomField/00N5g00000Stage`)
      .reply(200, { FullName: 'Lead.Leadloop_Stage__c', Metadata: metadata }, LIMIT_HEADER)
      .patch(`${V}/tooling/sobjects/CustomField/00N5g00000Stage`, (b: typeof patched) => {
        patched = b;
        return true;
      })
      .reply(204);
    const sf = connector();
    const [result] = await sf.updateLabels([
      {
        object: 'Lead',
        field: 'Leadloop_Stage__c',
        optionValue: 'MQL',
        from: 'MQL',
        to: 'Marketing Qualified',
      },
    ]);
    expect(result?.status).toBe('applied');
    expect(patched?.Metadata?.valueSet.valueSetDefinition.value).toEqual([
      { fullName: 'MQL', label: 'Marketing Qualified', default: false },
    ]);
  });
});

describe('createFields', () => {
  it('creates missing custom fields through Tooling (HubSpot id as External ID + unique); existing ones are left alone', async () => {
    const created: unknown[] = [];
    nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, LEAD_DESCRIBE, LIMIT_HEADER)
      .post(`${V}/tooling/sobjects/CustomField`, (b: unknown) => {
        created.push(b);
        return true;
      })
      .times(2)
      .reply(201, { id: '00N5g00000New', success: true, errors: [] }, LIMIT_HEADER)
      .post(`${V}/tooling/sobjects/CustomField`)
      .reply(
        400,
        [{ errorCode: 'DUPLICATE_DEVELOPER_NAME', message: 'duplicate value found: DeveloperName' }],
        LIMIT_HEADER,
      );
    const sf = connector();
    const results = await sf.createFields([
      { object: 'Lead', name: 'Leadloop_Score__c', label: 'Score', type: 'number' },
      { object: 'Lead', name: 'Leadloop_HubSpot_Id__c', label: 'HubSpot ID', type: 'string', length: 40 },
      {
        object: 'Lead',
        name: 'Leadloop_Stage',
        label: 'Stage',
        type: 'picklist',
        options: [{ value: 'MQL', label: 'MQL', active: true }],
      },
      { object: 'Lead', name: 'Leadloop_Grade__c', label: 'Grade', type: 'string' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['exists', 'created', 'created', 'exists']);
    expect(created).toEqual([
      {
        FullName: 'Lead.Leadloop_HubSpot_Id__c',
        Metadata: {
          label: 'HubSpot ID',
          type: 'Text',
          length: 40,
          externalId: true,
          unique: true,
          caseSensitive: false,
        },
      },
      {
        FullName: 'Lead.Leadloop_Stage__c',
        Metadata: {
          label: 'Stage',
          type: 'Picklist',
          valueSet: {
            restricted: true,
            valueSetDefinition: {
              sorted: false,
              value: [{ valueName: 'MQL', label: 'MQL', default: false }],
            },
          },
        },
      },
    ]);
  });
});
