import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { addCustomField } from '../../../connectors/salesforce/sandbox/store/custom-fields.ts';
import { api, connect, startSf } from './sandbox-helpers.ts';

describe('query paging through jsforce', () => {
  let sb: RunningSalesforceSandbox;
  beforeAll(async () => {
    sb = await startSf({ leads: 4001 });
  });
  afterAll(() => sb.close());

  it('pages 4,001 rows at batchSize 200 in 21 calls with autoFetch, counted by the sandbox', async () => {
    const conn = connect(sb);
    sb.resetStats();
    const records: Array<{ Id: string }> = [];
    await new Promise<void>((resolve, reject) => {
      conn
        .query<{ Id: string }>('SELECT Id, Email FROM Lead ORDER BY SystemModstamp, Id', {
          autoFetch: true,
          maxFetch: 100_000,
          headers: { 'Sforce-Query-Options': 'batchSize=200' },
        })
        .on('record', (r: { Id: string }) => records.push(r))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 100_000 });
    });
    expect(records).toHaveLength(4001);
    expect(new Set(records.map((r) => r.Id)).size).toBe(4001);
    const stats = sb.stats();
    expect(stats.byEndpoint).toEqual({ query: 1, queryMore: 20 });
    expect(stats.totalCalls).toBe(21);
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThanOrEqual(21);
  });

  it('returns done/totalSize/nextRecordsUrl and follows it with queryMore', async () => {
    const conn = connect(sb);
    const first = await conn.query('SELECT Id FROM Lead', {
      headers: { 'Sforce-Query-Options': 'batchSize=1000' },
    });
    expect(first.totalSize).toBe(4001);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(1000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-1000$/);
    const raw = await api(sb, `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
    expect(raw.body).toMatchObject({
      totalSize: 4001,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-2000$/),
    });
    expect(Object.keys(raw.body as object)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    const second = await conn.queryMore(first.nextRecordsUrl as string);
    expect(second.records).toHaveLength(1000);
    expect(second.records[0]).toMatchObject({
      attributes: { type: 'Lead', url: expect.stringMatching(/\/sobjects\/Lead\/00Q/) },
    });
  });

  it('defaults to 2,000 rows per page and clamps batchSize to 200..2000', async () => {
    const conn = connect(sb);
    expect((await conn.query('SELECT Id FROM Lead')).records).toHaveLength(2000);
    expect(
      (await conn.query('SELECT Id FROM Lead', { headers: { 'Sforce-Query-Options': 'batchSize=50' } }))
        .records,
    ).toHaveLength(200);
    expect(
      (await conn.query('SELECT Id FROM Lead', { headers: { 'Sforce-Query-Options': 'batchSize=9000' } }))
        .records,
    ).toHaveLength(2000);
  });

  it('returns fewer rows per page for wide selections (two long text areas)', async () => {
    addCustomField(
      sb.store,
      'Lead',
      'Call_Notes__c',
      {
        label: 'Call Notes',
        type: 'LongTextArea',
        length: 32768,
      },
      { openToAll: true },
    );
    const narrow = await connect(sb).query('SELECT Id, Description, Owner.Name FROM Lead');
    expect(narrow.records).toHaveLength(2000);
    const wide = await connect(sb).query('SELECT Id, Description, Call_Notes__c FROM Lead');
    expect(wide.records).toHaveLength(200);
  });

  it('answers INVALID_QUERY_LOCATOR for unknown or malformed locators', async () => {
    const res = await api(sb, '/query/01gXXXXXXXXXXXXXXX-2000');
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    await expect(connect(sb).queryMore('/services/data/v62.0/query/nonsense')).rejects.toMatchObject({
      errorCode: 'INVALID_QUERY_LOCATOR',
    });
  });

  it('keeps a consistent snapshot: later writes do not shift a running cursor', async () => {
    const conn = connect(sb);
    const first = await conn.query<{ Id: string; Title: string }>(
      'SELECT Id, Title FROM Lead ORDER BY SystemModstamp, Id',
      {
        headers: { 'Sforce-Query-Options': 'batchSize=2000' },
      },
    );
    const firstId = first.records[0]?.Id as string;
    const laterId = sb.store.leadIdForPersonKey('lead-2500') as string;
    sb.store.update('Lead', firstId, { Title: 'Moved to the end' });
    sb.store.update('Lead', laterId, { Title: 'Changed mid-read' });
    const second = await conn.queryMore(first.nextRecordsUrl as string);
    const third = await conn.queryMore(second.nextRecordsUrl as string);
    const all = [...first.records, ...second.records, ...third.records];
    expect(all).toHaveLength(4001);
    expect(new Set(all.map((r) => r.Id)).size).toBe(4001);
    expect(all.find((r) => r.Id === laterId)?.Title).not.toBe('Changed mid-read');
    expect(third.done).toBe(true);
  });

  it('honours a smaller server-side maxQueryBatchSize', async () => {
    const small = await startSf({ leads: 450 }, { maxQueryBatchSize: 100 });
    try {
      const r = await connect(small).query('SELECT Id FROM Lead', { autoFetch: true, maxFetch: 10_000 });
      expect(r.records).toHaveLength(450);
      expect(small.stats().byEndpoint).toEqual({ query: 1, queryMore: 4 });
    } finally {
      await small.close();
    }
  });

  it('serves COUNT() and COUNT(field) shapes', async () => {
    const conn = connect(sb);
    const count = await conn.query('SELECT COUNT() FROM Lead');
    expect(count).toMatchObject({ totalSize: 4001, done: true, records: [] });
    const agg = await conn.query('SELECT COUNT(Id) total FROM Lead');
    expect(agg.records).toEqual([{ attributes: { type: 'AggregateResult' }, total: 4001 }]);
  });

  it('answers SOQL errors as 400 arrays jsforce surfaces by errorCode', async () => {
    await expect(connect(sb).query('SELECT Id, Nope FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    const res = await api(sb, `/query?q=${encodeURIComponent('SELECT Id FROM')}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { errorCode: 'MALFORMED_QUERY', message: expect.stringContaining("unexpected token: '<EOF>'") },
    ]);
  });
});
