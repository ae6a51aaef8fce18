import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { api, connect, startSf } from './sandbox-helpers.ts';

describe('Bulk API 2.0 query', () => {
  let sb: RunningSalesforceSandbox;
  beforeAll(async () => {
    sb = await startSf({ leads: 2500, contacts: 3 });
  });
  afterAll(() => sb.close());

  it('runs a query job through jsforce bulk2.query to the last record', async () => {
    const conn = connect(sb);
    conn.bulk2.pollInterval = 10;
    sb.resetStats();
    const stream = await conn.bulk2.query('SELECT Id, Email, Owner.Name FROM Lead WHERE IsConverted = false');
    const records: Array<Record<string, string>> = [];
    for await (const r of stream as AsyncIterable<Record<string, string>>) records.push(r);
    expect(records).toHaveLength(2500);
    expect(records[0]).toMatchObject({
      Id: expect.stringMatching(/^00Q/),
      Email: expect.stringMatching(/@example\.com$/),
      'Owner.Name': 'Owner One',
    });
    const calls = sb.stats().byEndpoint;
    expect(calls['bulk2.query']).toBe(1);
    expect(calls['bulk2.query.status']).toBeGreaterThanOrEqual(2);
    expect(calls['bulk2.query.results']).toBe(1);
  });

  it('chunks results with Sforce-Locator and Sforce-NumberOfRecords, ending with the literal null', async () => {
    const job = await api(sb, '/jobs/query', {
      method: 'POST',
      body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Title FROM Lead' }),
    });
    expect(job.body).toMatchObject({
      state: 'UploadComplete',
      jobType: 'V2Query',
      object: 'Lead',
      contentType: 'CSV',
      columnDelimiter: 'COMMA',
      lineEnding: 'LF',
    });
    const id = (job.body as { id: string }).id;
    const early = await api(sb, `/jobs/query/${id}/results`);
    expect(early.status).toBe(412);
    expect((await api(sb, `/jobs/query/${id}`)).body).toMatchObject({ state: 'InProgress' });
    expect((await api(sb, `/jobs/query/${id}`)).body).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 2500,
    });
    const first = await api(sb, `/jobs/query/${id}/results?maxRecords=1000`);
    expect(first.headers.get('content-type')).toBe('text/csv');
    expect(first.headers.get('sforce-numberofrecords')).toBe('1000');
    const locator = first.headers.get('sforce-locator') as string;
    expect(locator).not.toBe('null');
    const lines = (first.body as string).trimEnd().split('\n');
    expect(lines[0]).toBe('"Id","Title"');
    expect(lines).toHaveLength(1001);
    const second = await api(sb, `/jobs/query/${id}/results?locator=${locator}&maxRecords=1000`);
    const third = await api(
      sb,
      `/jobs/query/${id}/results?locator=${second.headers.get('sforce-locator') ?? ''}&maxRecords=1000`,
    );
    expect(third.headers.get('sforce-numberofrecords')).toBe('500');
    expect(third.headers.get('sforce-locator')).toBe('null');
    expect((await api(sb, `/jobs/query/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(sb, `/jobs/query/${id}`)).status).toBe(404);
  });

  it('rejects bad SOQL at job creation and supports abort', async () => {
    const bad = await api(sb, '/jobs/query', {
      method: 'POST',
      body: JSON.stringify({ operation: 'query', query: 'SELECT Nope FROM Lead' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
    const job = await api(sb, '/jobs/query', {
      method: 'POST',
      body: JSON.stringify({ operation: 'queryAll', query: 'SELECT Id FROM Contact' }),
    });
    const id = (job.body as { id: string }).id;
    const aborted = await api(sb, `/jobs/query/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'Aborted' }),
    });
    expect(aborted.body).toMatchObject({ state: 'Aborted', operation: 'queryAll' });
  });
});
