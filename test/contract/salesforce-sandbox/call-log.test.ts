import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, startSf } from './sandbox-helpers.ts';

describe('call log (stats().calls)', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 3 });
  });
  afterEach(() => sb.close());

  it('names each counted call: method, path, SOQL object, collection size, composite subrequests', async () => {
    const conn = connect(sb);
    sb.resetStats();
    await conn.request({
      method: 'GET',
      url: `/services/data/v62.0/queryAll?q=${encodeURIComponent('SELECT Id, (SELECT Id FROM Tasks) FROM Lead WHERE (Email != null)')}`,
    });
    const id = sb.store.leadIdForPersonKey('lead-0') as string;
    await conn.request({
      method: 'POST',
      url: '/services/data/v62.0/composite',
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [
          {
            method: 'GET',
            url: `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`,
            referenceId: 'q0',
          },
          {
            method: 'PATCH',
            url: '/services/data/v62.0/composite/sobjects',
            referenceId: 'w0',
            body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, id, Title: 'CEO' }] },
          },
        ],
      }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(sb.stats().calls).toEqual([
      'GET /queryAll Lead → 200',
      'POST /composite [GET /query Contact; PATCH /composite/sobjects ×1] → 200',
    ]);
    sb.resetStats();
    expect(sb.stats().calls).toEqual([]);
  });
});
