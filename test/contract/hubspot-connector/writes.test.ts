import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE, RATE_HEADERS, TOKEN, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const property = (
  name: string,
  type = 'string',
  fieldType = 'text',
  extra: Record<string, unknown> = {},
) => ({
  name,
  label: name,
  type,
  fieldType,
  ...extra,
});
/** The contact properties a write checks its values against (read once per connector, then cached). */
const PROPERTIES = [
  property('leadloop_score', 'number', 'number'),
  property('leadloop_mql', 'bool', 'booleancheckbox'),
  property('leadloop_grade'),
  property('leadloop_salesforce_id', 'string', 'text', { hasUniqueValue: true }),
  property('jobtitle'),
  property('a'),
  property('email'),
];
const described = (properties: unknown[] = PROPERTIES) =>
  nock(BASE).get('/crm/v3/properties/contacts').query(true).reply(200, { results: properties }, RATE_HEADERS);

const result = (id: string, props: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  id,
  properties: props,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2026-03-02T12:00:00.000Z',
  archived: false,
  ...extra,
});

describe('batch update', () => {
  it('sends ≤100 inputs per call with string values and trace ids; maps 207 errors to records in input order', async () => {
    const bodies: {
      inputs: { id: string; properties: Record<string, string>; objectWriteTraceId: string }[];
    }[] = [];
    // nock may show a body matcher other calls' bodies (the properties GET): only batch bodies are kept.
    const capture = (b: (typeof bodies)[number]) => {
      if (Array.isArray(b?.inputs)) bodies.push(b);
      return Array.isArray(b?.inputs);
    };
    const updates = Array.from({ length: 150 }, (_, i) => ({
      id: String(1000 + i),
      fields: { leadloop_score: i, leadloop_mql: true, jobtitle: null },
    }));
    const validation = {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message:
        'Property values were not valid: [{"isValid":false,"message":"Property \\"leadloop_score\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"leadloop_score"}]',
      context: { objectWriteTraceId: ['u1'] },
    };
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update', capture)
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(
        207,
        {
          status: 'COMPLETE',
          results: updates
            .slice(0, 100)
            .filter((_, i) => i !== 1 && i !== 2 && i !== 3)
            .map((u) => result(u.id)),
          numErrors: 3,
          errors: [
            validation,
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Object not found',
              context: { ids: ['1002'] },
            },
            {
              status: 'error',
              category: 'RATE_LIMITS',
              message: 'try later',
              context: { objectWriteTraceId: ['u3'] },
            },
          ],
          startedAt: '2026-03-02T12:00:00.000Z',
          completedAt: '2026-03-02T12:00:00.300Z',
        },
        RATE_HEADERS,
      )
      .post('/crm/v3/objects/contacts/batch/update', capture)
      .reply(200, { status: 'COMPLETE', results: updates.slice(100).map((u) => result(u.id)) }, RATE_HEADERS);
    described();
    const { hs } = makeConnector();
    const outcomes = await hs.write('contact', updates);
    expect(scope.isDone()).toBe(true);
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 50]);
    expect(bodies[0]?.inputs[0]).toEqual({
      id: '1000',
      properties: { leadloop_score: '0', leadloop_mql: 'true', jobtitle: '' },
      objectWriteTraceId: 'u0',
    });
    expect(bodies[1]?.inputs[0]?.objectWriteTraceId).toBe('u100');
    expect(outcomes).toHaveLength(150);
    expect(outcomes.map((o) => o.key)).toEqual(updates.map((u) => u.id));
    expect(outcomes[0]).toEqual({ ok: true, key: '1000', id: '1000' });
    expect(outcomes[1]).toEqual({
      ok: false,
      key: '1001',
      failure: {
        kind: 'record',
        retryable: false,
        code: 'VALIDATION_ERROR',
        message: validation.message,
        fields: ['leadloop_score'],
      },
    });
    expect(outcomes[2]).toMatchObject({
      ok: false,
      failure: { kind: 'record', retryable: false, code: 'OBJECT_NOT_FOUND' },
    });
    expect(outcomes[3]).toMatchObject({
      ok: false,
      failure: { kind: 'transient', retryable: true, code: 'RATE_LIMITS' },
    });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(147);
    expect(hs.usage().calls).toEqual({ properties: 1, 'batch-update': 2 });
  });

  it('a record missing from both results and errors is reported retryable, never silently ok', async () => {
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(200, { status: 'COMPLETE', results: [result('1')] }, RATE_HEADERS);
    described();
    const { hs } = makeConnector();
    const outcomes = await hs.write('contact', [
      { id: '1', fields: { a: 'x' } },
      { id: '2', fields: { a: 'y' } },
    ]);
    expect(outcomes[1]).toMatchObject({
      ok: false,
      key: '2',
      failure: { kind: 'transient', retryable: true, code: 'HUBSPOT_NO_RESULT' },
    });
  });

  it('a whole-batch 400 is split until the bad record stands alone: never all-or-nothing', async () => {
    const sizes: number[] = [];
    let last: { id: string }[] = [];
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update', (b: { inputs?: { id: string }[] }) => {
        if (!b?.inputs) return false;
        sizes.push(b.inputs.length);
        last = b.inputs;
        return true;
      })
      .times(5)
      .reply(() => {
        const inputs = last;
        if (inputs.some((i) => i.id === '3')) {
          return [
            400,
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: 'Property "leadloop_grade" has an invalid option',
            },
            RATE_HEADERS,
          ];
        }
        return [200, { status: 'COMPLETE', results: inputs.map((i) => result(i.id)) }, RATE_HEADERS];
      });
    described();
    const { hs } = makeConnector();
    const outcomes = await hs.write(
      'contact',
      ['1', '2', '3', '4', '5'].map((id) => ({ id, fields: { leadloop_grade: 'Z' } })),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true]);
    expect(outcomes[2]).toMatchObject({
      ok: false,
      failure: { kind: 'record', retryable: false, code: 'VALIDATION_ERROR', fields: ['leadloop_grade'] },
    });
    expect(sizes).toEqual([5, 3, 2, 1, 2]);
    // The four calls after the refused batch only isolate the refused record: counted apart.
    expect(hs.usage().calls).toEqual({ properties: 1, 'batch-update': 1, 'batch-update-split': 4 });
  });

  it('a contact HubSpot no longer holds comes back gone: per input (207 OBJECT_NOT_FOUND) or as a whole-call 404', async () => {
    const notFound = (ids: string[]) => ({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message:
        'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
      context: { ids },
    });
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(
        207,
        { status: 'COMPLETE', results: [result('1')], numErrors: 1, errors: [notFound(['2'])] },
        RATE_HEADERS,
      )
      // A HubSpot that fails the whole batch instead: split down to the record, which is gone.
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(404, notFound(['7']), RATE_HEADERS)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(404, notFound(['7']), RATE_HEADERS)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(200, { status: 'COMPLETE', results: [result('8')] }, RATE_HEADERS)
      // A 404 that is not about the object (a wrong path) is no deletion.
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(404, { status: 'error', message: 'Not found' }, RATE_HEADERS);
    described();
    const { hs } = makeConnector();
    const first = await hs.write('contact', [
      { id: '1', fields: { a: 'x' } },
      { id: '2', fields: { a: 'y' } },
    ]);
    const second = await hs.write('contact', [
      { id: '7', fields: { a: 'x' } },
      { id: '8', fields: { a: 'y' } },
    ]);
    const third = await hs.write('contact', [{ id: '9', fields: { a: 'x' } }]);
    const gone = (outcomes: typeof first) => outcomes.map((o) => [o.key, o.ok ? 'ok' : (o.gone ?? false)]);
    expect(gone(first)).toEqual([
      ['1', 'ok'],
      ['2', true],
    ]);
    expect(gone(second)).toEqual([
      ['7', true],
      ['8', 'ok'],
    ]);
    expect(gone(third)).toEqual([['9', false]]);
  });
});

describe('batch upsert', () => {
  it('upserts on the unique external-id property and keys outcomes by external id, `created` from `new`', async () => {
    let body: unknown;
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/upsert', (b: unknown) => {
        body = b;
        return true;
      })
      .reply(
        207,
        {
          status: 'COMPLETE',
          // Results come back in any order.
          results: [
            result('702', {}, { new: false, objectWriteTraceId: 'c1' }),
            result('701', {}, { new: true, objectWriteTraceId: 'c0' }),
          ],
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: 'Email address x is invalid',
              context: { objectWriteTraceId: ['c2'] },
            },
          ],
        },
        RATE_HEADERS,
      );
    described();
    const { hs } = makeConnector();
    const creates = ['00Q1', '00Q2', '00Q3'].map((externalId) => ({
      externalIdField: 'leadloop_salesforce_id',
      externalId,
      fields: { email: `${externalId}@example.com`, leadloop_score: 12 },
    }));
    const outcomes = await hs.create('contact', creates);
    expect(body).toEqual({
      inputs: creates.map((c, i) => ({
        id: c.externalId,
        idProperty: 'leadloop_salesforce_id',
        properties: {
          email: `${c.externalId}@example.com`,
          leadloop_score: '12',
          leadloop_salesforce_id: c.externalId,
        },
        objectWriteTraceId: `c${i}`,
      })),
    });
    expect(outcomes).toEqual([
      { ok: true, key: '00Q1', id: '701', created: true },
      { ok: true, key: '00Q2', id: '702', created: false },
      {
        ok: false,
        key: '00Q3',
        failure: {
          kind: 'record',
          retryable: false,
          code: 'VALIDATION_ERROR',
          message: 'Email address x is invalid',
          fields: [],
        },
      },
    ]);
  });

  it('a 409 CONFLICT per input carries the contact that holds the email (link to it, not a failure)', async () => {
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/upsert')
      .reply(
        207,
        {
          status: 'COMPLETE',
          results: [result('701', {}, { new: true, objectWriteTraceId: 'c0' })],
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'CONFLICT',
              message: 'Contact already exists. Existing ID: 1839',
              context: { objectWriteTraceId: ['c1'] },
            },
          ],
        },
        RATE_HEADERS,
      );
    described();
    const { hs } = makeConnector();
    const outcomes = await hs.create(
      'contact',
      ['00Q1', '00Q2'].map((externalId) => ({
        externalIdField: 'leadloop_salesforce_id',
        externalId,
        fields: { email: `${externalId}@example.com` },
      })),
    );
    expect(outcomes[0]).toEqual({ ok: true, key: '00Q1', id: '701', created: true });
    expect(outcomes[1]).toEqual({
      ok: false,
      key: '00Q2',
      failure: {
        kind: 'record',
        retryable: false,
        code: 'CONFLICT',
        message: 'Contact already exists. Existing ID: 1839',
        fields: [],
      },
      existing: { object: 'contact', id: '1839' },
    });
  });

  it('a whole-call 409 is split down to the record, which carries the existing id', async () => {
    let last: { id: string; objectWriteTraceId: string }[] = [];
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/upsert', (b: { inputs: typeof last }) => {
        last = b.inputs;
        return true;
      })
      .times(3)
      .reply(() =>
        last.some((i) => i.id === '00Q2')
          ? [
              409,
              {
                status: 'error',
                category: 'CONFLICT',
                message: 'Contact already exists. Existing ID: 2009',
              },
              RATE_HEADERS,
            ]
          : [
              200,
              {
                status: 'COMPLETE',
                results: last.map((i, n) =>
                  result(String(800 + n), {}, { objectWriteTraceId: i.objectWriteTraceId }),
                ),
              },
              RATE_HEADERS,
            ],
      );
    described();
    const { hs } = makeConnector();
    const outcomes = await hs.create(
      'contact',
      ['00Q1', '00Q2'].map((externalId) => ({
        externalIdField: 'leadloop_salesforce_id',
        externalId,
        fields: { email: `${externalId}@example.com` },
      })),
    );
    expect(outcomes[0]).toMatchObject({ ok: true, key: '00Q1' });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      key: '00Q2',
      failure: { retryable: false },
      existing: { object: 'contact', id: '2009' },
    });
  });
});

describe('values checked before a batch goes out', () => {
  const CHECKED = [
    ...PROPERTIES,
    property('hs_lead_status', 'enumeration', 'select', {
      options: [
        { value: 'NEW', label: 'New' },
        { value: 'OPEN', label: 'Open' },
      ],
    }),
    property('hs_analytics_num_visits', 'number', 'number', {
      modificationMetadata: { readOnlyValue: true },
    }),
  ];

  it('a value HubSpot would refuse is that record’s failure, with the reason; the rest go in one call', async () => {
    const bodies: { inputs: { id: string }[] }[] = [];
    described(CHECKED);
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update', (b: (typeof bodies)[number]) => {
        if (Array.isArray(b?.inputs)) bodies.push(b);
        return Array.isArray(b?.inputs);
      })
      .reply(200, { status: 'COMPLETE', results: [result('1'), result('7')] }, RATE_HEADERS);
    const { hs } = makeConnector();
    const outcomes = await hs.write('contact', [
      { id: '1', fields: { email: 'ann@example.com', leadloop_score: 12.5 } },
      { id: '2', fields: { email: 'ann@example' } },
      { id: '3', fields: { hs_lead_status: 'open' } },
      { id: '4', fields: { leadloop_score: 'high', leadloop_mql: 'yes' } },
      { id: '5', fields: { jobtitle: `${'é'.repeat(65_536)}!` } },
      { id: '6', fields: { no_such_property: 'x', hs_analytics_num_visits: 3 } },
      { id: '7', fields: { hs_lead_status: null, email: '' } },
    ]);
    expect(bodies.map((b) => b.inputs.map((i) => i.id))).toEqual([['1', '7']]);
    expect(outcomes.map((o) => o.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(outcomes.map((o) => (o.ok ? 'ok' : [o.failure.code, o.failure.fields]))).toEqual([
      'ok',
      ['INVALID_EMAIL', ['email']],
      ['INVALID_OPTION', ['hs_lead_status']],
      ['INVALID_INTEGER', ['leadloop_score', 'leadloop_mql']],
      ['INVALID_LENGTH', ['jobtitle']],
      ['PROPERTY_DOESNT_EXIST', ['no_such_property', 'hs_analytics_num_visits']],
      'ok',
    ]);
    expect(outcomes[1]).toEqual({
      ok: false,
      key: '2',
      failure: {
        kind: 'record',
        retryable: false,
        code: 'INVALID_EMAIL',
        message:
          'Not sent to HubSpot, which would refuse it: email "ann@example" is not a valid email address',
        fields: ['email'],
      },
    });
    const message = (i: number) => {
      const o = outcomes[i];
      return o && !o.ok ? o.failure.message : '';
    };
    expect(message(3)).toBe(
      'Not sent to HubSpot, which would refuse it: leadloop_score "high" is not a plain decimal number; ' +
        'leadloop_mql "yes" is not true or false',
    );
    // A long value is shown cut, never whole.
    expect(message(4)).toBe(
      `Not sent to HubSpot, which would refuse it: jobtitle "${'é'.repeat(40)}…" is longer than 65,536 characters`,
    );
    expect(message(5)).toBe(
      'Not sent to HubSpot, which would refuse it: no_such_property is not a contact property; ' +
        'hs_analytics_num_visits is read-only',
    );
    expect(hs.usage().calls).toEqual({ properties: 1, 'batch-update': 1 });
  });

  it('a write whose every record would be refused makes no batch call', async () => {
    described(CHECKED);
    const { hs } = makeConnector();
    const outcomes = await hs.create('contact', [
      {
        externalIdField: 'leadloop_salesforce_id',
        externalId: '00Q1',
        fields: { email: 'bob@@example.com' },
      },
    ]);
    expect(outcomes).toMatchObject([{ ok: false, key: '00Q1', failure: { code: 'INVALID_EMAIL' } }]);
    expect(hs.usage().calls).toEqual({ properties: 1 });
  });
});

describe('results matched by what HubSpot guarantees', () => {
  it('an upsert result is its input’s by objectWriteTraceId only, never by an echoed property value', async () => {
    described();
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/upsert')
      .reply(
        200,
        {
          status: 'COMPLETE',
          results: [
            result('901', { leadloop_salesforce_id: '00Q1' }, { new: true }),
            result('902', { leadloop_salesforce_id: '00Q1' }, { new: true, objectWriteTraceId: 'c1' }),
          ],
        },
        RATE_HEADERS,
      );
    const { hs } = makeConnector();
    const outcomes = await hs.create(
      'contact',
      ['00Q1', '00Q2'].map((externalId) => ({
        externalIdField: 'leadloop_salesforce_id',
        externalId,
        fields: {},
      })),
    );
    expect(outcomes).toEqual([
      expect.objectContaining({
        ok: false,
        key: '00Q1',
        failure: expect.objectContaining({ code: 'HUBSPOT_NO_RESULT' }),
      }),
      { ok: true, key: '00Q2', id: '902', created: true },
    ]);
  });

  it('an update result is its input’s by trace id when it carries one, else by the record id', async () => {
    described();
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(
        200,
        { status: 'COMPLETE', results: [result('2'), result('555', {}, { objectWriteTraceId: 'u0' })] },
        RATE_HEADERS,
      );
    const { hs } = makeConnector();
    const outcomes = await hs.write('contact', [
      { id: '1', fields: { a: 'x' } },
      { id: '2', fields: { a: 'y' } },
    ]);
    expect(outcomes).toEqual([
      { ok: true, key: '1', id: '555' },
      { ok: true, key: '2', id: '2' },
    ]);
  });
});
