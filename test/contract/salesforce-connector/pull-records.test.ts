import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { decodeCursor, encodeCursor } from '../../../connectors/salesforce/cursor.ts';
import { MAX_RETRIES } from '../../../connectors/salesforce/resend-policy.ts';
import type { Page, PersonRecord } from '../../../src/domain/person.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection, leadRow } from './helpers.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'Status'];
const SELECT =
  'SELECT Id, SystemModstamp, CreatedDate, IsDeleted, Email, MasterRecordId, IsConverted, ConvertedContactId, FirstName, Status FROM Lead';

async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

function connector() {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  return createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger, retryBaseMs: 5 });
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('pullChanges (Lead)', () => {
  it('reads by keyset through queryAll with batchSize=2000, follows nextRecordsUrl, maps deleted and converted rows', async () => {
    const after = { ts: '2026-02-01T10:00:00.000Z', id: '00Q5g000000000AAAA' };
    // Resumed from a cursor: five minutes of lookback behind it, every id at that stamp included.
    const soql =
      `${SELECT} WHERE (SystemModstamp > 2026-02-01T09:55:00Z OR (SystemModstamp = 2026-02-01T09:55:00Z AND Id > ''))` +
      ' AND SystemModstamp <= 2026-03-01T12:00:00Z ORDER BY SystemModstamp, Id';
    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query({ q: soql })
      .matchHeader('sforce-query-options', 'batchSize=2000')
      .matchHeader('authorization', `Bearer ${TOKEN.access_token}`)
      .reply(
        200,
        {
          totalSize: 3,
          done: false,
          nextRecordsUrl: `${V}/query/01gxx0000000001-2`,
          records: [
            leadRow('00Q5g000000000BAAA', '2026-02-01T10:00:00.000+0000', {
              FirstName: 'Ada',
              Status: 'Open',
            }),
            leadRow('00Q5g000000000CAAA', '2026-02-02T10:00:00.000+0000', { IsDeleted: true }),
          ],
        },
        LIMIT_HEADER,
      )
      .get(`${V}/query/01gxx0000000001-2`)
      .reply(
        200,
        {
          totalSize: 3,
          done: true,
          records: [
            leadRow('00Q5g000000000DAAA', '2026-02-03T10:00:00.000+0000', {
              IsConverted: true,
              ConvertedContactId: '0035g000000000AAAA',
            }),
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const pages = await collect(
      sf.pullChanges('lead', encodeCursor({ Lead: after }), { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(pages).toHaveLength(2);
    const records: PersonRecord[] = pages.flatMap((p) => [...p.items]);
    expect(records[0]).toEqual({
      crm: 'salesforce',
      object: 'lead',
      id: '00Q5g000000000BAAA',
      modifiedAt: '2026-02-01T10:00:00.000Z',
      createdAt: '2024-01-01T00:00:00.000Z',
      fields: {
        Id: '00Q5g000000000BAAA',
        SystemModstamp: '2026-02-01T10:00:00.000+0000',
        CreatedDate: '2024-01-01T00:00:00.000+0000',
        IsDeleted: false,
        Email: '00q5g000000000baaa@example.com',
        IsConverted: false,
        ConvertedContactId: null,
        FirstName: 'Ada',
        Status: 'Open',
      },
      deleted: false,
      convertedContactId: null,
    });
    expect(records[1]?.deleted).toBe(true);
    expect(records[2]?.convertedContactId).toBe('0035g000000000AAAA');
    expect(decodeCursor(pages[0]?.cursor ?? null)).toEqual({
      Lead: { ts: '2026-02-02T10:00:00.000Z', id: '00Q5g000000000CAAA' },
    });
    // The last page finished the pull: everything up to the signpost is read, the next lookback starts there.
    expect(decodeCursor(pages[1]?.cursor ?? null)).toEqual({
      Lead: { ts: '2026-03-01T12:00:00.000Z', id: '00Q5g000000000DAAA' },
    });
    expect(sf.usage().calls).toEqual({ oauth: 1, query: 1, 'query-more': 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('starts from the beginning without a cursor and treats an unreadable cursor as a full pull', async () => {
    const soql = `${SELECT} WHERE SystemModstamp <= 2026-03-01T12:00:00Z ORDER BY SystemModstamp, Id`;
    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query({ q: soql })
      .twice()
      .reply(200, { totalSize: 0, done: true, records: [] }, LIMIT_HEADER);
    const sf = connector();
    expect(await collect(sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }))).toEqual([]);
    expect(
      await collect(sf.pullChanges('lead', 'not-a-cursor', { signpost: SIGNPOST, fields: FIELDS })),
    ).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('selects every describable field when no field list is given', async () => {
    nock(INSTANCE)
      .get(`${V}/sobjects/Contact/describe`)
      .reply(
        200,
        {
          name: 'Contact',
          fields: [
            { name: 'Id', label: 'Contact ID', type: 'id', length: 18, updateable: false, custom: false },
            {
              name: 'MailingAddress',
              label: 'Mailing Address',
              type: 'address',
              updateable: false,
              custom: false,
            },
            { name: 'Score__c', label: 'Score', type: 'double', updateable: true, custom: true },
          ],
        },
        LIMIT_HEADER,
      )
      .get(`${V}/queryAll`)
      .query(
        (q) =>
          q['q'] ===
          'SELECT Id, SystemModstamp, CreatedDate, IsDeleted, Email, MasterRecordId, Score__c FROM Contact WHERE SystemModstamp <= 2026-03-01T12:00:00Z ORDER BY SystemModstamp, Id',
      )
      .reply(200, { totalSize: 0, done: true, records: [] }, LIMIT_HEADER);
    const sf = connector();
    await collect(sf.pullChanges('contact', null, { signpost: SIGNPOST }));
    expect(nock.isDone()).toBe(true);
  });

  it('MALFORMED_QUERY is a config error; REQUEST_LIMIT_EXCEEDED is rate_limited with a long retryAfterMs', async () => {
    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query(true)
      .reply(400, [{ message: "unexpected token: 'FORM'", errorCode: 'MALFORMED_QUERY' }], LIMIT_HEADER)
      .get(`${V}/queryAll`)
      .query(true)
      .reply(
        403,
        [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        LIMIT_HEADER,
      );
    const sf = connector();
    const malformed = await collect(
      sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    ).catch((e: unknown) => e);
    expect(malformed).toMatchObject({ kind: 'config', code: 'MALFORMED_QUERY' });
    const limited = await collect(sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS })).catch(
      (e: unknown) => e,
    );
    expect(limited).toMatchObject({
      kind: 'rate_limited',
      code: 'REQUEST_LIMIT_EXCEEDED',
      retryAfterMs: 3_600_000,
    });
    expect(sf.usage().http429).toBe(1);
  });

  it('retries a 5xx GET a bounded number of times, then reports it as transient', async () => {
    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query(true)
      .reply(503, 'Service Unavailable', { 'Content-Type': 'text/html' })
      .get(`${V}/queryAll`)
      .query(true)
      .reply(
        200,
        {
          totalSize: 1,
          done: true,
          records: [leadRow('00Q5g000000000BAAA', '2026-02-01T10:00:00.000+0000')],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const pages = await collect(sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }));
    expect(pages[0]?.items).toHaveLength(1);
    expect(sf.usage().retries).toBe(1);

    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query(true)
      .times(MAX_RETRIES + 1)
      .reply(500, [{ message: 'An unexpected error occurred', errorCode: 'UNKNOWN_EXCEPTION' }]);
    const err = await collect(sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'transient', code: 'UNKNOWN_EXCEPTION' });
    expect(nock.isDone()).toBe(true);
  });
});
