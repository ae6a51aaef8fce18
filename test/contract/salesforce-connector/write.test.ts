import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import type { RecordUpdate } from '../../../src/domain/write.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

interface CompositeBody {
  allOrNone: boolean;
  compositeRequest: {
    method: string;
    url: string;
    referenceId: string;
    httpHeaders?: Record<string, string>;
    body: { allOrNone: boolean; records: Record<string, unknown>[] };
  }[];
}

/** nock 15 hands reply functions the fetch `Request`. */
async function parse(req: Request): Promise<CompositeBody> {
  return (await req.json()) as CompositeBody;
}

function connector() {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  return createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger, retryBaseMs: 5 });
}

function ok(body: CompositeBody, created?: boolean) {
  return {
    compositeResponse: body.compositeRequest.map((sub) => ({
      referenceId: sub.referenceId,
      httpStatusCode: 200,
      httpHeaders: {},
      body: sub.body.records.map((r) => ({
        id: String(r['id'] ?? `00Qnew${String(r['Leadloop_HubSpot_Id__c'])}`),
        success: true,
        errors: [],
        ...(created === undefined ? {} : { created }),
      })),
    })),
  };
}

const updates = (n: number): RecordUpdate[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `00Q5g${String(i).padStart(10, '0')}AAA`,
    fields: { Leadloop_Score__c: i },
  }));

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('write', () => {
  it('packs ≤200-record collections, five per /composite call: 1,200 updates cost 2 calls', async () => {
    const bodies: CompositeBody[] = [];
    nock(INSTANCE)
      .post(`${V}/composite`, (b: CompositeBody) => {
        bodies.push(b);
        return true;
      })
      .times(2)
      .reply(200, async (req: Request) => ok(await parse(req)), LIMIT_HEADER);
    const sf = connector();
    const input = updates(1200);
    const outcomes = await sf.write('lead', input);
    expect(outcomes).toHaveLength(1200);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(outcomes.map((o) => o.key)).toEqual(input.map((u) => u.id));
    expect(bodies.map((b) => b.compositeRequest.map((s) => s.body.records.length))).toEqual([
      [200, 200, 200, 200, 200],
      [200],
    ]);
    const first = bodies[0]?.compositeRequest[0];
    expect(bodies[0]?.allOrNone).toBe(false);
    expect(first).toMatchObject({ method: 'PATCH', url: `${V}/composite/sobjects`, referenceId: 'c0' });
    expect(first?.body.allOrNone).toBe(false);
    expect(first?.body.records[1]).toEqual({
      attributes: { type: 'Lead' },
      id: '00Q5g0000000001AAA',
      Leadloop_Score__c: 1,
    });
    expect(sf.usage().calls['composite']).toBe(2);
  });

  it('HTTP 200 with per-record failures: lock errors retried with jitter, validation errors permanent with field and message', async () => {
    const attempts: string[][] = [];
    nock(INSTANCE)
      .post(`${V}/composite`)
      .times(2)
      .reply(
        200,
        async (req: Request) => {
          const body = await parse(req);
          const ids = body.compositeRequest.flatMap((s) => s.body.records.map((r) => String(r['id'])));
          attempts.push(ids);
          const first = attempts.length === 1;
          return {
            compositeResponse: body.compositeRequest.map((sub) => ({
              referenceId: sub.referenceId,
              httpStatusCode: 200,
              body: sub.body.records.map((r) => {
                const id = String(r['id']);
                if (id.endsWith('2AAA') && first)
                  return {
                    success: false,
                    errors: [
                      {
                        statusCode: 'UNABLE_TO_LOCK_ROW',
                        message: 'unable to obtain exclusive access to this record',
                        fields: [],
                      },
                    ],
                  };
                if (id.endsWith('3AAA'))
                  return {
                    success: false,
                    errors: [
                      {
                        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                        message: 'Score must be below 100',
                        fields: ['Leadloop_Score__c'],
                      },
                    ],
                  };
                return { id, success: true, errors: [] };
              }),
            })),
          };
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const outcomes = await sf.write('lead', updates(5));
    expect(attempts).toEqual([updates(5).map((u) => u.id), ['00Q5g0000000002AAA']]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true]);
    expect(outcomes[3]).toEqual({
      ok: false,
      key: '00Q5g0000000003AAA',
      failure: {
        kind: 'record',
        retryable: false,
        code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Score must be below 100',
        fields: ['Leadloop_Score__c'],
      },
    });
    expect(sf.usage().retries).toBe(1);
  });

  it('a lock error that persists ends as a retryable transient failure after bounded retries', async () => {
    const locked = {
      success: false,
      errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] }],
    };
    const scope = nock(INSTANCE)
      .post(`${V}/composite`)
      .times(3)
      .reply(
        200,
        async (req: Request) => ({
          compositeResponse: (await parse(req)).compositeRequest.map((s) => ({
            referenceId: s.referenceId,
            httpStatusCode: 200,
            body: s.body.records.map(() => locked),
          })),
        }),
        LIMIT_HEADER,
      );
    const sf = connector();
    const [outcome] = await sf.write('lead', updates(1));
    expect(scope.isDone()).toBe(true);
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'transient', retryable: true, code: 'UNABLE_TO_LOCK_ROW' },
    });
  });

  it('a failed collection subrequest fails its records only; REQUEST_LIMIT_EXCEEDED fails the call as rate_limited', async () => {
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'c0',
              httpStatusCode: 400,
              body: [
                { errorCode: 'INVALID_FIELD', message: "No such column 'Nope__c' on sobject of type Lead" },
              ],
            },
          ],
        },
        LIMIT_HEADER,
      )
      .post(`${V}/composite`)
      .reply(
        403,
        [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
        LIMIT_HEADER,
      );
    const sf = connector();
    const outcomes = await sf.write('lead', [{ id: '00Q5g0000000001AAA', fields: { Nope__c: 1 } }]);
    expect(outcomes[0]).toMatchObject({
      ok: false,
      failure: { kind: 'config', code: 'INVALID_FIELD', retryable: false },
    });
    const err = await sf.write('lead', updates(1)).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'rate_limited',
      code: 'REQUEST_LIMIT_EXCEEDED',
      retryAfterMs: 3_600_000,
    });
  });

  it('a 5xx or a reset on a composite of updates is resent: updates by id are idempotent', async () => {
    const answer = (b: CompositeBody) => ({
      compositeResponse: [
        {
          referenceId: 'c0',
          httpStatusCode: 200,
          body: b.compositeRequest[0]?.body.records.map((r) => ({
            id: String(r['Id']),
            success: true,
            errors: [],
          })),
        },
      ],
    });
    let sent: CompositeBody | undefined;
    const scope = nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(503, 'busy', { 'Content-Type': 'text/plain' })
      .post(`${V}/composite`)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post(`${V}/composite`, (b: CompositeBody) => {
        sent = b;
        return true;
      })
      .reply(200, () => (sent ? answer(sent) : {}), LIMIT_HEADER);
    const sf = connector();
    const outcomes = await sf.write('lead', updates(2));
    expect(scope.isDone()).toBe(true);
    expect(sent?.compositeRequest[0]?.method).toBe('PATCH');
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });
});

describe('create', () => {
  it('upserts on the external id path, outcomes keyed by external id with created', async () => {
    let body: CompositeBody | undefined;
    nock(INSTANCE)
      .post(`${V}/composite`, (b: CompositeBody) => {
        body = b;
        return true;
      })
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'c0',
              httpStatusCode: 200,
              body: [
                { id: '00Q5g0000000009AAA', success: true, created: true, errors: [] },
                { id: '00Q5g0000000001AAA', success: true, created: false, errors: [] },
                {
                  success: false,
                  errors: [
                    {
                      statusCode: 'REQUIRED_FIELD_MISSING',
                      message: 'Required fields are missing: [Company]',
                      fields: ['Company'],
                    },
                  ],
                },
              ],
            },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const outcomes = await sf.create('lead', [
      {
        externalIdField: 'Leadloop_HubSpot_Id__c',
        externalId: '101',
        fields: { LastName: 'Lovelace', Company: 'AE' },
      },
      {
        externalIdField: 'Leadloop_HubSpot_Id__c',
        externalId: '102',
        fields: { LastName: 'Hopper', Company: 'Navy' },
      },
      { externalIdField: 'Leadloop_HubSpot_Id__c', externalId: '103', fields: { LastName: 'Turing' } },
    ]);
    expect(body?.compositeRequest[0]).toMatchObject({
      method: 'PATCH',
      url: `${V}/composite/sobjects/Lead/Leadloop_HubSpot_Id__c`,
    });
    expect(body?.compositeRequest[0]?.body.records[0]).toEqual({
      attributes: { type: 'Lead' },
      LastName: 'Lovelace',
      Company: 'AE',
      Leadloop_HubSpot_Id__c: '101',
    });
    expect(outcomes).toEqual([
      { ok: true, key: '101', id: '00Q5g0000000009AAA', created: true },
      { ok: true, key: '102', id: '00Q5g0000000001AAA', created: false },
      {
        ok: false,
        key: '103',
        failure: {
          kind: 'record',
          retryable: false,
          code: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [Company]',
          fields: ['Company'],
        },
      },
    ]);
  });
});

describe('create blocked by a duplicate rule', () => {
  it('DUPLICATES_DETECTED naming a Contact carries the match to link to; without a match it stays a failure', async () => {
    const duplicates = (entityType: string, id: string) => ({
      statusCode: 'DUPLICATES_DETECTED',
      message: 'Use one of these records?',
      fields: [],
      duplicateResult: {
        allowSave: false,
        duplicateRule: 'Standard_Rule_for_Leads_with_Duplicate_Contacts',
        duplicateRuleEntityType: 'Lead',
        errorMessage: 'Use one of these records?',
        matchResults: [
          {
            entityType,
            matchEngine: 'FuzzyMatchEngine',
            matchRecords: [
              {
                additionalInformation: [],
                fieldDiffs: [],
                matchConfidence: 95,
                record: { attributes: { type: entityType }, Id: id },
              },
            ],
            size: 1,
            success: true,
          },
        ],
      },
    });
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'c0',
              httpStatusCode: 200,
              body: [
                { success: false, errors: [duplicates('Contact', '0035g0000000042AAA')] },
                { success: false, errors: [duplicates('Account', '0015g0000000001AAA')] },
              ],
            },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const outcomes = await sf.create(
      'lead',
      ['201', '202'].map((externalId) => ({
        externalIdField: 'Leadloop_HubSpot_Id__c',
        externalId,
        fields: { LastName: 'Lovelace', Company: 'AE' },
      })),
    );
    expect(outcomes).toEqual([
      {
        ok: false,
        key: '201',
        failure: {
          kind: 'record',
          retryable: false,
          code: 'DUPLICATES_DETECTED',
          message: 'Use one of these records?',
          fields: [],
        },
        existing: { object: 'contact', id: '0035g0000000042AAA' },
      },
      {
        ok: false,
        key: '202',
        failure: {
          kind: 'record',
          retryable: false,
          code: 'DUPLICATES_DETECTED',
          message: 'Use one of these records?',
          fields: [],
        },
      },
    ]);
  });
});

describe('Lead and Contact updates side by side', () => {
  it('share collections, ordered by type: 650 Leads and 350 Contacts fill five collections of one call', async () => {
    const bodies: CompositeBody[] = [];
    nock(INSTANCE)
      .post(`${V}/composite`, (b: CompositeBody) => {
        bodies.push(b);
        return true;
      })
      .reply(200, async (req: Request) => ok(await parse(req)), LIMIT_HEADER);
    const sf = connector();
    const leads = updates(650);
    const contacts = updates(350).map((u) => ({ ...u, id: u.id.replace('00Q', '003') }));
    // Handed over in the same turn, as executeWrites does for one chunk's groups.
    const [leadOutcomes, contactOutcomes] = await Promise.all([
      sf.write('lead', leads),
      sf.write('contact', contacts),
    ]);
    expect(leadOutcomes.map((o) => o.ok && o.key)).toEqual(leads.map((u) => u.id));
    expect(contactOutcomes.map((o) => o.ok && o.key)).toEqual(contacts.map((u) => u.id));
    expect(bodies).toHaveLength(1);
    const types = (bodies[0]?.compositeRequest ?? []).map((s) =>
      s.body.records.map((r) => (r['attributes'] as { type: string }).type),
    );
    expect(types.map((t) => t.length)).toEqual([200, 200, 200, 200, 200]);
    // One type after the other: the fourth collection holds the last 50 Leads, then 150 Contacts.
    expect(types.flat()).toEqual([...Array(650).fill('Lead'), ...Array(350).fill('Contact')]);
    expect(types.map((t) => new Set(t).size)).toEqual([1, 1, 1, 2, 1]);
  });
});

describe('write with a repeated id', () => {
  it('merges repeats into one record (Salesforce rejects duplicate ids) and reports the outcome for each input', async () => {
    let records: Record<string, unknown>[] = [];
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        200,
        async (req: Request) => {
          const body = await parse(req);
          records = body.compositeRequest[0]?.body.records ?? [];
          return ok(body);
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const outcomes = await sf.write('lead', [
      { id: '00Q5g0000000001AAA', fields: { Title: 'A', Status: 'Working' } },
      { id: '00Q5g0000000001AAA', fields: { Title: 'B' } },
    ]);
    expect(records).toEqual([
      { attributes: { type: 'Lead' }, id: '00Q5g0000000001AAA', Title: 'B', Status: 'Working' },
    ]);
    expect(outcomes.map((o) => o.ok && o.key)).toEqual(['00Q5g0000000001AAA', '00Q5g0000000001AAA']);
  });
});

describe('Sforce-Auto-Assign (assignment rules)', () => {
  /** Records what each /composite call carried: its header and each subrequest's httpHeaders. */
  function capture(calls: { header: string | undefined; sub: unknown[] }[]) {
    nock(INSTANCE)
      .post(`${V}/composite`)
      .times(5)
      .reply(
        200,
        async (req: Request) => {
          const b = await parse(req);
          calls.push({
            header: req.headers.get('sforce-auto-assign') ?? undefined,
            sub: b.compositeRequest.map((s) => s.httpHeaders),
          });
          return ok(b, true);
        },
        LIMIT_HEADER,
      );
  }
  const create = {
    externalIdField: 'Leadloop_HubSpot_Id__c',
    externalId: '901',
    fields: { LastName: 'Lovelace', Company: 'Engines' },
  };

  it('updates, and creates by default, send FALSE on the /composite request and in every subrequest', async () => {
    const calls: { header: string | undefined; sub: unknown[] }[] = [];
    capture(calls);
    const sf = connector();
    await sf.write('lead', updates(450));
    await sf.create('lead', [create]);
    expect(calls).toEqual([
      { header: 'FALSE', sub: Array.from({ length: 3 }, () => ({ 'Sforce-Auto-Assign': 'FALSE' })) },
      { header: 'FALSE', sub: [{ 'Sforce-Auto-Assign': 'FALSE' }] },
    ]);
  });

  it('with assignmentRules, creates omit the header (the org’s rule assigns) and updates still send it', async () => {
    const calls: { header: string | undefined; sub: unknown[] }[] = [];
    capture(calls);
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    const sf = createSalesforceConnector(jwtConnection(), {
      logger: captureLogger().logger,
      retryBaseMs: 5,
      assignmentRules: true,
    });
    await sf.create('lead', [create]);
    await sf.write('lead', updates(1));
    expect(calls).toEqual([
      { header: undefined, sub: [undefined] },
      { header: 'FALSE', sub: [{ 'Sforce-Auto-Assign': 'FALSE' }] },
    ]);
  });

  it('with assignmentRules, updates and creates handed over side by side share a call, each with its own header', async () => {
    const calls: { header: string | undefined; sub: unknown[] }[] = [];
    capture(calls);
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    const sf = createSalesforceConnector(jwtConnection(), {
      logger: captureLogger().logger,
      retryBaseMs: 5,
      assignmentRules: true,
    });
    const [written, created] = await Promise.all([
      sf.write('lead', updates(250)),
      sf.create('lead', [create]),
    ]);
    expect(written.every((o) => o.ok)).toBe(true);
    expect(created.map((o) => o.ok && o.key)).toEqual(['901']);
    // No header on the /composite request: its subrequests differ, and none may depend on which wins.
    expect(calls).toEqual([
      {
        header: undefined,
        sub: [{ 'Sforce-Auto-Assign': 'FALSE' }, { 'Sforce-Auto-Assign': 'FALSE' }, undefined],
      },
    ]);
  });
});
