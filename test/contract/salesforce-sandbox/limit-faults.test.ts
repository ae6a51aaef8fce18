import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { CURSOR_LIFETIME_MS } from '../../../connectors/salesforce/sandbox/query-cursors.ts';
import { api, connect, startSf } from './sandbox-helpers.ts';

let sb: RunningSalesforceSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

function failure(err: unknown): { errorCode: unknown; message: unknown } {
  return { errorCode: Reflect.get(Object(err), 'errorCode'), message: Reflect.get(Object(err), 'message') };
}

describe('Salesforce sandbox: limit and cursor faults through jsforce', () => {
  it('concurrentLimitRate answers 403 REQUEST_LIMIT_EXCEEDED "ConcurrentPerOrgLongTxn Limit exceeded" until cleared', async () => {
    sb = await startSf({ leads: 3 });
    sb.setFaults({ concurrentLimitRate: 1 });
    const raw = await api(sb, `/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual([
      { message: 'ConcurrentPerOrgLongTxn Limit exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    const err: unknown = await connect(sb)
      .query('SELECT Id FROM Lead')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failure(err)).toEqual({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'ConcurrentPerOrgLongTxn Limit exceeded',
    });
    sb.setFaults(null);
    expect((await connect(sb).query('SELECT Id FROM Lead')).totalSize).toBe(3);
  });

  it('queryTimeoutRate answers 400 QUERY_TIMEOUT on query and queryAll, never on queryMore or other calls', async () => {
    sb = await startSf({ leads: 450 });
    const conn = connect(sb);
    const first = await conn.query('SELECT Id FROM Lead', {
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    sb.setFaults({ queryTimeoutRate: 1 });
    for (const path of ['/query', '/queryAll']) {
      const raw = await api(sb, `${path}?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
      expect(raw.status).toBe(400);
      expect(raw.body).toEqual([
        { message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' },
      ]);
    }
    expect(
      failure(
        await conn.query('SELECT Id FROM Lead').then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    ).toEqual({
      errorCode: 'QUERY_TIMEOUT',
      message: 'Your query request was running for too long.',
    });
    expect((await conn.queryMore(first.nextRecordsUrl as string)).records).toHaveLength(200);
    expect((await api(sb, '/limits')).status).toBe(200);
  });

  it('queryTimeoutRows: a query targeting more rows answers 400 QUERY_TIMEOUT every time, alone or in /composite; a narrower one is answered', async () => {
    sb = await startSf({ leads: 450 }, { queryTimeoutRows: 300 });
    const timeout = [{ message: 'Your query request was running for too long.', errorCode: 'QUERY_TIMEOUT' }];
    for (const path of ['/query', '/queryAll', '/query']) {
      const raw = await api(sb, `${path}?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
      expect(raw.status).toBe(400);
      expect(raw.body).toEqual(timeout);
    }
    const narrow = 'SELECT Id FROM Lead ORDER BY SystemModstamp, Id LIMIT 300';
    const ok = await api(sb, `/queryAll?q=${encodeURIComponent(narrow)}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ totalSize: 300 });
    const composite = await api(sb, '/composite', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        compositeRequest: [
          {
            method: 'GET',
            url: `/services/data/v62.0/queryAll?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
            referenceId: 'wide',
          },
          {
            method: 'GET',
            url: `/services/data/v62.0/queryAll?q=${encodeURIComponent(narrow)}`,
            referenceId: 'narrow',
          },
        ],
      }),
    });
    expect(composite.body).toMatchObject({
      compositeResponse: [
        { referenceId: 'wide', httpStatusCode: 400, body: timeout },
        { referenceId: 'narrow', httpStatusCode: 200, body: { totalSize: 300 } },
      ],
    });
  });

  it('a query locator lives 2 days on the sandbox clock from its query, however often read, then INVALID_QUERY_LOCATOR', async () => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    sb = await startSf({ leads: 700 }, { clock: () => new Date(now) });
    const conn = connect(sb);
    const opts = { headers: { 'Sforce-Query-Options': 'batchSize=200' } };
    const first = await conn.query('SELECT Id FROM Lead', opts);
    // Many more cursors than the old per-user cap of 10, all still readable.
    const others = await Promise.all(
      Array.from({ length: 12 }, () => conn.query('SELECT Id FROM Lead', opts)),
    );
    now += CURSOR_LIFETIME_MS - 60_000;
    const second = await conn.queryMore(first.nextRecordsUrl as string);
    expect(second.records).toHaveLength(200);
    expect((await conn.queryMore(others[0]?.nextRecordsUrl as string)).records).toHaveLength(200);
    // Reading it did not extend its life: two minutes later the same cursor is gone.
    now += 2 * 60_000;
    const err = await conn.queryMore(second.nextRecordsUrl as string).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure(err)).toEqual({ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' });
  });
});
