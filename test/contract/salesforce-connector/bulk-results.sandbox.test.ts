/**
 * Bulk API 2.0 full pulls whose result spans several `Sforce-Locator` sets, with text that needs CSV
 * quoting, and a set that arrives spoilt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { startRewritingProxy, type Exchange, type RewritingProxy } from '../../helpers/rewriting-proxy.ts';
import { captureLogger } from './helpers.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const PEOPLE = 400;

/** Explanation-like text: quotes, delimiters, line breaks, unicode, and cuts at a length limit on a quote. */
const HARD = [
  'Score 80: "VP" title, said "yes, let\'s talk"',
  '""',
  'a,b,,c',
  'first line\nsecond line',
  'windows\r\nbreak, then "quote"',
  'ünïcødé – 名前 😀',
  `${'x'.repeat(254)}"`,
  `${'y'.repeat(31_999)}"`,
];

const stamp = (i: number): string =>
  new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();

function hardWorld() {
  return world(
    leadPeople(PEOPLE, stamp).map((p, i) => ({
      ...p,
      salesforceLead: { ...p.salesforceLead!, fields: { Description: HARD[i % HARD.length]! } },
    })),
  );
}

let h: Harness | undefined;
let sandbox: RunningSalesforceSandbox | undefined;
let proxy: RewritingProxy | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  await proxy?.close();
  await sandbox?.close();
  h = undefined;
  proxy = undefined;
  sandbox = undefined;
});

describe('Bulk API 2.0 result sets', () => {
  it('reads every row of a result spread over several sets, text that needs quoting exactly as stored', async () => {
    h = await harness(
      hardWorld(),
      { maxQueryBatchSize: 100, bulkResultSetRows: 70 },
      { overrides: { bulkThreshold: 150 } },
    );
    h.sandbox.resetStats();
    const { items } = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['Description'] }),
    );
    expect(counted(h.sandbox, 'bulk2.query')).toBe(1);
    // 300 rows after the first REST page, 70 a set.
    expect(counted(h.sandbox, 'bulk2.query.results')).toBe(5);
    expect(items).toHaveLength(PEOPLE);
    const want = new Map(
      Array.from({ length: PEOPLE }, (_, i) => [
        h!.sandbox.store.leadIdForPersonKey(`p${i}`),
        HARD[i % HARD.length],
      ]),
    );
    for (const item of items) expect(item.fields['Description']).toBe(want.get(item.id));
    expect(new Set(items.map((r) => r.fields['Description'])).size).toBe(HARD.length);
  });

  it('a set that is not valid CSV fails the pull as a typed error naming job, locator and column', async () => {
    sandbox = await startSalesforceSandbox({
      dataset: hardWorld(),
      maxQueryBatchSize: 100,
      bulkResultSetRows: 70,
    });
    let spoiled = 0;
    proxy = await startRewritingProxy(sandbox.loginUrl, (ex: Exchange) => {
      if (ex.url.pathname.endsWith('/oauth2/token'))
        return { ...ex, body: JSON.stringify({ ...(JSON.parse(ex.body) as object), instance_url: ex.self }) };
      // The second set, with one doubled quote undone: what a broken escaper or a mangled transfer sends.
      if (ex.url.pathname.endsWith('/results') && ex.url.searchParams.has('locator') && spoiled === 0) {
        spoiled++;
        return { ...ex, body: ex.body.replace('""yes', '"yes') };
      }
      return undefined;
    });
    const { logger } = captureLogger();
    const sf = createSalesforceConnector(
      {
        loginUrl: proxy.url,
        allowLocalhost: true,
        apiVersion: '62.0',
        auth: {
          type: 'refresh-token',
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
          refreshToken: sandbox.refreshToken,
        },
        dailyBudgetShare: 0.8,
        bulkThreshold: 150,
        lookbackSeconds: 300,
      },
      { logger, retryBaseMs: 5, onRefreshToken: async () => undefined },
    );
    const cursors: string[] = [];
    let thrown: unknown;
    try {
      for await (const page of sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: ['Description'] }))
        cursors.push(page.cursor);
    } catch (err) {
      thrown = err;
    }
    expect(spoiled).toBe(1);
    expect(thrown).toBeInstanceOf(SyncError);
    const error = thrown as SyncError;
    expect(error).toMatchObject({ kind: 'transient', code: 'SF_BULK_CSV_INVALID' });
    expect(error.context).toMatchObject({
      jobId: expect.stringMatching(/^750/),
      locator: expect.any(String),
      column: 'Description',
      line: expect.any(Number),
    });
    expect(error.message).toMatch(/job 750\S+ .*locator \S+.*column Description/);
    // Nothing read through Bulk moved the cursor: every page carries the keyset of the REST page before.
    expect(cursors.length).toBeGreaterThan(0);
    expect(new Set(cursors).size).toBe(1);
  });
});
