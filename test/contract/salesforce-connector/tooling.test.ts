import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

interface Sub {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}
interface CompositeBody {
  allOrNone: boolean;
  compositeRequest: Sub[];
}
type SubAnswer = { status: number; body?: unknown };

/**
 * One Tooling `/composite` call: records the request body and answers each subrequest in order
 * (nock 15 hands a reply function the fetch `Request`).
 */
function toolingComposite(sent: CompositeBody[], answer: (sub: Sub, i: number) => SubAnswer): void {
  nock(INSTANCE)
    .post(`${V}/tooling/composite`)
    .reply(
      200,
      async (req: Request) => {
        const body = (await req.json()) as CompositeBody;
        sent.push(body);
        return {
          compositeResponse: body.compositeRequest.map((sub, i) => {
            const a = answer(sub, i);
            return {
              body: a.body ?? null,
              httpHeaders: {},
              httpStatusCode: a.status,
              referenceId: sub.referenceId,
            };
          }),
        };
      },
      LIMIT_HEADER,
    );
}

const toolingUrl = (path: string) => `${V}/tooling${path}`;
const queryUrl = (soql: string) => toolingUrl(`/query?q=${encodeURIComponent(soql)}`);
const fieldQuery = (object: string, dev: string) =>
  queryUrl(
    `SELECT Id, FullName, Metadata FROM CustomField WHERE TableEnumOrId = '${object}' AND DeveloperName = '${dev}'`,
  );
const oneRecord = (record: Record<string, unknown>): SubAnswer => ({
  status: 200,
  body: { totalSize: 1, done: true, records: [{ attributes: { type: 'CustomField' }, ...record }] },
});

/**
 * The permission-set calls that follow provisioning (`permission-set.ts`), for a set that exists, grants
 * nothing yet and is assigned already; records the FieldPermissions each create collection carries.
 */
/**
 * The grant's `/composite` calls against an org where leadloop's set exists, ungranted but assigned: the
 * set's create is refused (its Name is taken), the subrequests naming it fail with it, the state queries
 * answer, and the repair call's collections carry the grants, recorded in `granted`.
 */
function grantsAnswered(
  granted: string[],
  refusal: { errorCode: string; message: string } = {
    errorCode: 'DUPLICATE_VALUE',
    message: 'duplicate value found: Name',
  },
  setExists = true,
): void {
  const rows = (records: Record<string, unknown>[]) => ({ totalSize: records.length, done: true, records });
  const set = { Id: '0PS5g0000000001AAA', CreatedById: '0055g0000000001AAA' };
  const halted = [{ errorCode: 'PROCESSING_HALTED', message: 'Invalid reference specified.' }];
  const answer = (sub: { referenceId: string; body?: { records?: { Field: string }[] } }): SubAnswer => {
    const ref = sub.referenceId;
    if (ref === 'ps') return { status: 400, body: [refusal] };
    if (ref === 'set') return { status: 200, body: rows(setExists ? [set] : []) };
    if (!setExists) return { status: 400, body: halted };
    if (ref === 'perms') return { status: 200, body: rows([]) };
    if (ref === 'assigned') return { status: 200, body: rows([{ Id: '0Pa5g0000000001AAA' }]) };
    if (ref.startsWith('fix')) {
      const records = sub.body?.records ?? [];
      granted.push(...records.map((r) => r.Field));
      return {
        status: 200,
        body: records.map(() => ({ id: '01k5g0000000001AAA', success: true, errors: [] })),
      };
    }
    return { status: 400, body: halted };
  };
  nock(INSTANCE)
    .post(`${V}/composite`)
    .times(setExists ? 2 : 1)
    .reply(
      200,
      async (req: Request) => {
        const body = (await req.json()) as { compositeRequest: Parameters<typeof answer>[0][] };
        return {
          compositeResponse: body.compositeRequest.map((sub) => {
            const a = answer(sub);
            return { body: a.body, httpHeaders: {}, httpStatusCode: a.status, referenceId: sub.referenceId };
          }),
        };
      },
      LIMIT_HEADER,
    );
}

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
        lengthUnit: 'utf16',
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
  it('renames a custom field label: one composite reads Id + full Metadata, one PATCHes it back whole', async () => {
    const metadata = {
      label: 'Score',
      type: 'Number',
      precision: 18,
      scale: 2,
      required: false,
      inlineHelpText: 'kept',
    };
    const sent: CompositeBody[] = [];
    toolingComposite(sent, () =>
      oneRecord({ Id: '00N5g00000AbCdE', FullName: 'Lead.Leadloop_Score__c', Metadata: metadata }),
    );
    toolingComposite(sent, () => ({ status: 204 }));
    const sf = connector();
    const results = await sf.updateLabels([
      { object: 'Lead', field: 'Leadloop_Score__c', from: 'Score', to: 'Lead Score' },
      { object: 'Lead', field: 'Company', from: 'Company', to: 'Account' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'not-editable']);
    expect(sent).toEqual([
      {
        allOrNone: false,
        compositeRequest: [{ method: 'GET', url: fieldQuery('Lead', 'Leadloop_Score'), referenceId: 't0' }],
      },
      {
        allOrNone: false,
        compositeRequest: [
          {
            method: 'PATCH',
            url: toolingUrl('/sobjects/CustomField/00N5g00000AbCdE'),
            referenceId: 't0',
            body: { FullName: 'Lead.Leadloop_Score__c', Metadata: { ...metadata, label: 'Lead Score' } },
          },
        ],
      },
    ]);
    expect(sf.usage().calls['tooling']).toBe(2);
  });

  it('relabels Lead Status values (StandardValueSet) and a custom picklist value in the same two calls; unchanged and unknown values reported', async () => {
    const standardValue = [
      { valueName: 'Open - Not Contacted', label: 'Open - Not Contacted', default: true, converted: false },
      { valueName: 'Working - Contacted', label: 'Working - Contacted', default: false, converted: false },
    ];
    const stage = {
      label: 'Stage',
      type: 'Picklist',
      valueSet: {
        restricted: true,
        valueSetDefinition: { sorted: false, value: [{ fullName: 'MQL', label: 'MQL', default: false }] },
      },
    };
    const sent: CompositeBody[] = [];
    toolingComposite(sent, (sub) =>
      sub.url.includes('StandardValueSet')
        ? oneRecord({
            Id: '0Ps5g000000001',
            FullName: 'LeadStatus',
            Metadata: { sorted: false, standardValue },
          })
        : oneRecord({ Id: '00N5g00000Stage', FullName: 'Lead.Leadloop_Stage__c', Metadata: stage }),
    );
    toolingComposite(sent, () => ({ status: 204 }));
    const sf = connector();
    const status = (optionValue: string, to: string) => ({
      object: 'Lead',
      field: 'Status',
      optionValue,
      from: optionValue,
      to,
    });
    const results = await sf.updateLabels([
      status('Open - Not Contacted', 'New (MIL)'),
      status('Working - Contacted', 'Working - Contacted'),
      status('Nope', 'X'),
      {
        object: 'Lead',
        field: 'Leadloop_Stage__c',
        optionValue: 'MQL',
        from: 'MQL',
        to: 'Marketing Qualified',
      },
      { object: 'Lead', field: 'Status', from: 'Lead Status', to: 'Stage' },
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'applied',
      'unchanged',
      'failed',
      'applied',
      'not-editable',
    ]);
    expect(sent[0]?.compositeRequest.map((s) => s.url)).toEqual([
      queryUrl("SELECT Id, FullName, Metadata FROM StandardValueSet WHERE MasterLabel = 'LeadStatus'"),
      fieldQuery('Lead', 'Leadloop_Stage'),
    ]);
    expect(sent[1]?.compositeRequest).toEqual([
      {
        method: 'PATCH',
        url: toolingUrl('/sobjects/StandardValueSet/0Ps5g000000001'),
        referenceId: 't0',
        body: {
          FullName: 'LeadStatus',
          Metadata: {
            sorted: false,
            standardValue: [{ ...standardValue[0], label: 'New (MIL)' }, { ...standardValue[1] }],
          },
        },
      },
      {
        method: 'PATCH',
        url: toolingUrl('/sobjects/CustomField/00N5g00000Stage'),
        referenceId: 't1',
        body: {
          FullName: 'Lead.Leadloop_Stage__c',
          Metadata: {
            ...stage,
            valueSet: {
              ...stage.valueSet,
              valueSetDefinition: {
                sorted: false,
                value: [{ fullName: 'MQL', label: 'Marketing Qualified', default: false }],
              },
            },
          },
        },
      },
    ]);
  });

  it('reads 5 fields per call (the query limit) and PATCHes up to 25 per call; per-field failures stay per field', async () => {
    const fields = Array.from({ length: 7 }, (_, i) => `Leadloop_F${i}__c`);
    const sent: CompositeBody[] = [];
    const record = (sub: Sub): SubAnswer => {
      const dev = /DeveloperName%20%3D%20'(\w+)'/.exec(sub.url)?.[1] ?? '';
      if (dev === 'Leadloop_F6') return { status: 200, body: { totalSize: 0, done: true, records: [] } };
      if (dev === 'Leadloop_F5')
        return { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: 'no more than one row' }] };
      return oneRecord({
        Id: `00N${dev}`,
        FullName: `Lead.${dev}__c`,
        Metadata: { label: dev, type: 'Text' },
      });
    };
    toolingComposite(sent, record);
    toolingComposite(sent, record);
    toolingComposite(sent, (sub) =>
      sub.url.endsWith('00NLeadloop_F1')
        ? { status: 400, body: [{ errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'label too long' }] }
        : { status: 204 },
    );
    const sf = connector();
    const results = await sf.updateLabels(
      fields.map((field) => ({ object: 'Lead', field, from: field, to: `${field} (new)` })),
    );
    expect(sent.map((b) => b.compositeRequest.length)).toEqual([5, 2, 5]);
    expect(results.map((r) => [r.status, r.message])).toEqual([
      ['applied', undefined],
      ['failed', 'Salesforce FIELD_INTEGRITY_EXCEPTION: label too long'],
      ['applied', undefined],
      ['applied', undefined],
      ['applied', undefined],
      ['failed', 'Salesforce MALFORMED_QUERY: no more than one row'],
      ['failed', 'custom field Lead.Leadloop_F6__c not found'],
    ]);
    expect(sf.usage().calls['tooling']).toBe(3);
  });

  it('more than 10 records: one call locates every Id (IN queries), then GETs and PATCHes 25 per call', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `Leadloop_F${i}__c`);
    const sent: CompositeBody[] = [];
    toolingComposite(sent, (sub) =>
      sub.url.includes('StandardValueSet')
        ? {
            status: 200,
            body: { totalSize: 1, done: true, records: [{ Id: '0Ps1', MasterLabel: 'LeadStatus' }] },
          }
        : {
            status: 200,
            body: {
              totalSize: 10,
              done: true,
              // F10 has no CustomField row: reported not found, the others go on.
              records: fields.slice(0, 10).map((f) => ({
                Id: `00N${f.slice(0, -3)}`,
                DeveloperName: f.slice(0, -3),
                TableEnumOrId: 'Lead',
              })),
            },
          },
    );
    toolingComposite(sent, (sub) => {
      const id = sub.url.split('/').pop() ?? '';
      return id === '0Ps1'
        ? {
            status: 200,
            body: {
              Id: id,
              FullName: 'LeadStatus',
              Metadata: { standardValue: [{ valueName: 'Open', label: 'Open' }] },
            },
          }
        : {
            status: 200,
            body: { Id: id, FullName: `Lead.${id.slice(3)}__c`, Metadata: { label: 'x', type: 'Text' } },
          };
    });
    toolingComposite(sent, () => ({ status: 204 }));
    const sf = connector();
    const results = await sf.updateLabels([
      ...fields.map((field) => ({ object: 'Lead', field, from: 'x', to: `${field} (new)` })),
      { object: 'Lead', field: 'Status', optionValue: 'Open', from: 'Open', to: 'New' },
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(10).fill('applied'), 'failed', 'applied']);
    expect(results[10]?.message).toBe('custom field Lead.Leadloop_F10__c not found');
    expect(sent[0]?.compositeRequest.map((r) => r.url)).toEqual([
      queryUrl(
        `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId IN ('Lead') AND DeveloperName IN (${fields.map((f) => `'${f.slice(0, -3)}'`).join(', ')})`,
      ),
      queryUrl("SELECT Id, MasterLabel FROM StandardValueSet WHERE MasterLabel IN ('LeadStatus')"),
    ]);
    expect(sent[1]?.compositeRequest.map((r) => [r.method, r.url])).toEqual([
      ...fields.slice(0, 10).map((f) => ['GET', toolingUrl(`/sobjects/CustomField/00N${f.slice(0, -3)}`)]),
      ['GET', toolingUrl('/sobjects/StandardValueSet/0Ps1')],
    ]);
    expect(sent[2]?.compositeRequest[0]).toEqual({
      method: 'PATCH',
      url: toolingUrl('/sobjects/CustomField/00NLeadloop_F0'),
      referenceId: 't0',
      body: { FullName: 'Lead.Leadloop_F0__c', Metadata: { label: 'Leadloop_F0__c (new)', type: 'Text' } },
    });
    expect(sent.map((b) => b.compositeRequest.length)).toEqual([2, 11, 11]);
    expect(sf.usage().calls['tooling']).toBe(3);
  });

  it('an org over its API quota stops the whole operation (rate_limited), not one field', async () => {
    nock(INSTANCE)
      .post(`${V}/tooling/composite`)
      .reply(
        403,
        [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
        LIMIT_HEADER,
      );
    const sf = connector();
    await expect(
      sf.updateLabels([{ object: 'Lead', field: 'Leadloop_Score__c', from: 'Score', to: 'Lead Score' }]),
    ).rejects.toMatchObject({ kind: 'rate_limited' });
  });
});

describe('createFields', () => {
  const spec = (name: string, extra: Record<string, unknown> = {}) => ({
    object: 'Lead',
    name,
    label: name,
    type: 'number' as const,
    ...extra,
  });

  it('creates missing custom fields 25 per Tooling composite (exact bodies); existing and duplicate ones come back exists', async () => {
    const sent: CompositeBody[] = [];
    nock(INSTANCE).get(`${V}/sobjects/Lead/describe`).reply(200, LEAD_DESCRIBE, LIMIT_HEADER);
    const created = (i: number): SubAnswer => ({
      status: 201,
      body: { id: `00N5g0000000${i}`, success: true, errors: [] },
    });
    toolingComposite(sent, (sub, i) =>
      i === 24
        ? {
            status: 400,
            body: [
              { errorCode: 'DUPLICATE_DEVELOPER_NAME', message: 'duplicate value found: DeveloperName' },
            ],
          }
        : created(i),
    );
    toolingComposite(sent, () => ({
      status: 400,
      body: [
        { errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'precision too large', fields: ['precision'] },
      ],
    }));
    const granted: string[] = [];
    grantsAnswered(granted);
    const sf = connector();
    const specs = [
      spec('Leadloop_Score__c', { label: 'Score' }),
      spec('Leadloop_HubSpot_Id__c', { label: 'HubSpot ID', type: 'string', length: 40 }),
      spec('Leadloop_Stage', {
        label: 'Stage',
        type: 'picklist',
        options: [{ value: 'MQL', label: 'MQL', active: true }],
      }),
      spec('Leadloop_Ref__c', { type: 'reference' }),
      ...Array.from({ length: 24 }, (_, i) => spec(`Leadloop_N${i}__c`)),
    ];
    const results = await sf.createFields(specs);
    expect(results.map((r) => r.status)).toEqual([
      'exists',
      'created',
      'created',
      'failed',
      ...Array(22).fill('created'),
      'exists',
      'failed',
    ]);
    expect(results[3]?.message).toBe('type reference cannot be provisioned as a custom field');
    expect(results[27]?.message).toBe('Salesforce FIELD_INTEGRITY_EXCEPTION: precision too large');
    expect(sent.map((b) => [b.allOrNone, b.compositeRequest.length])).toEqual([
      [false, 25],
      [false, 1],
    ]);
    expect(sent[0]?.compositeRequest.slice(0, 3)).toEqual([
      {
        method: 'POST',
        url: toolingUrl('/sobjects/CustomField'),
        referenceId: 't0',
        body: {
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
      },
      {
        method: 'POST',
        url: toolingUrl('/sobjects/CustomField'),
        referenceId: 't1',
        body: {
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
      },
      {
        method: 'POST',
        url: toolingUrl('/sobjects/CustomField'),
        referenceId: 't2',
        body: {
          FullName: 'Lead.Leadloop_N0__c',
          Metadata: { label: 'Leadloop_N0__c', type: 'Number', precision: 18, scale: 2 },
        },
      },
    ]);
    expect(sf.usage().calls['tooling']).toBe(2);
    // Created and existing fields are granted; refused ones are not.
    expect(granted).toHaveLength(26);
    expect(granted.slice(0, 2)).toEqual(['Lead.Leadloop_Score__c', 'Lead.Leadloop_HubSpot_Id__c']);
    expect(granted).not.toContain('Lead.Leadloop_Ref__c');
  });

  it('an integration user that may not edit permission sets gets one config error naming the permissions to grant', async () => {
    nock(INSTANCE).get(`${V}/sobjects/Lead/describe`).reply(200, LEAD_DESCRIBE, LIMIT_HEADER);
    toolingComposite([], () => ({ status: 201, body: { id: '00N5g00000New', success: true, errors: [] } }));
    grantsAnswered(
      [],
      { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' },
      false,
    );
    const err = await connector()
      .createFields([spec('Leadloop_Score__c', { label: 'Score' })])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'config', code: 'SF_PERMISSION_SET_DENIED' });
    expect((err as Error).message).toContain(
      'give the integration user the Manage Profiles and Permission Sets and Assign Permission Sets permissions',
    );
  });

  it('a composite call that fails as a whole: fields created before it are granted, creates are never resent, the transient failure stops the run; quota failures are thrown', async () => {
    nock(INSTANCE).get(`${V}/sobjects/Lead/describe`).reply(200, LEAD_DESCRIBE, LIMIT_HEADER);
    const sent: CompositeBody[] = [];
    toolingComposite(sent, () => ({ status: 201, body: { id: '00N5g00000New', success: true, errors: [] } }));
    nock(INSTANCE)
      .post(`${V}/tooling/composite`)
      .reply(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'busy' }], LIMIT_HEADER);
    const granted: string[] = [];
    grantsAnswered(granted);
    const sf = connector();
    const specs = Array.from({ length: 26 }, (_, i) => spec(`Leadloop_N${i}__c`));
    await expect(sf.createFields(specs)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('SERVER_UNAVAILABLE'),
    });
    expect(sf.usage().calls['tooling']).toBe(2);
    expect(granted).toHaveLength(25);

    // Fields were created: the next call describes Lead afresh.
    nock(INSTANCE).get(`${V}/sobjects/Lead/describe`).reply(200, LEAD_DESCRIBE, LIMIT_HEADER);
    nock(INSTANCE)
      .post(`${V}/tooling/composite`)
      .reply(
        403,
        [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
        LIMIT_HEADER,
      );
    await expect(sf.createFields([spec('Leadloop_Other__c')])).rejects.toMatchObject({
      kind: 'rate_limited',
    });
  });
});
