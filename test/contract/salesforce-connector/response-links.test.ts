/**
 * Issue 10: a URL taken from a Salesforce answer (`nextRecordsUrl`, or any URL a read hands jsforce) is
 * followed only on the session's own instance. nock stands in for Salesforce; the foreign origin is a real
 * listener on 127.0.0.1 that records whatever reaches it, so "nothing was sent" is observed, not assumed.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { SalesforceClient } from '../../../connectors/salesforce/connection.ts';
import { encodeCursor } from '../../../connectors/salesforce/cursor.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { recordingListener, type RecordingListener } from '../../helpers/recording-listener.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection, leadRow } from './helpers.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const AFTER = { Lead: { ts: '2026-02-01T10:00:00.000Z', id: '00Q5g000000000AAAA' } };

let other: RecordingListener;
beforeEach(async () => {
  other = await recordingListener();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await other.close();
});

async function failure(run: () => Promise<unknown>): Promise<SyncError> {
  const err: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

async function drain(pages: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of pages) n++;
  return n;
}

function connector() {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  const logs = captureLogger();
  const sf = createSalesforceConnector(jwtConnection(), { logger: logs.logger, retryBaseMs: 1 });
  return { sf, logs };
}

/** The first queryAll page of a Lead pull, whose nextRecordsUrl is `next`. */
function firstLeadPage(next: string) {
  return nock(INSTANCE)
    .get(`${V}/queryAll`)
    .query(true)
    .reply(
      200,
      {
        totalSize: 2,
        done: false,
        nextRecordsUrl: next,
        records: [leadRow('00Q5g000000000BAAA', '2026-02-01T11:00:00.000+0000')],
      },
      LIMIT_HEADER,
    );
}

describe('nextRecordsUrl', () => {
  it('on another origin fails the stream with SF_FOREIGN_URL naming that origin; nothing reaches it', async () => {
    firstLeadPage(`${other.origin}${V}/query/01gxx0000000001-2000`);
    const { sf, logs } = connector();
    const err = await failure(() =>
      drain(sf.pullChanges('lead', encodeCursor(AFTER), { signpost: SIGNPOST, fields: [] })),
    );
    // Nothing reached the other origin: no request, so no Authorization header either.
    expect(other.requests.map((r) => r.headers.authorization ?? 'no Authorization')).toEqual([]);
    expect(err).toMatchObject({ kind: 'config', code: 'SF_FOREIGN_URL' });
    expect(err.message).toBe(
      `Salesforce answered a nextRecordsUrl on ${other.origin}, not on this session's instance ${INSTANCE}; it is not followed`,
    );
    expect(err.message).not.toContain(TOKEN.access_token);
    expect(logs.text()).not.toContain(TOKEN.access_token);
  });

  it.each([
    ['a scheme-relative link', `//127.0.0.1:9${V}/query/01gxx-2000`],
    ['a look-alike host', `https://acme.my.salesforce.com.evil.example${V}/query/01gxx-2000`],
    ['plain http on the instance host', `http://acme.my.salesforce.com${V}/query/01gxx-2000`],
    ['a path outside the data API', '/services/oauth2/revoke'],
  ])('%s is refused too', async (_what, next) => {
    firstLeadPage(next);
    const { sf } = connector();
    const err = await failure(() =>
      drain(sf.pullChanges('lead', encodeCursor(AFTER), { signpost: SIGNPOST, fields: [] })),
    );
    expect(err.code).toBe('SF_FOREIGN_URL');
  });

  it('absolute on the instance itself is followed', async () => {
    firstLeadPage(`${INSTANCE}${V}/query/01gxx0000000001-2000`);
    const more = nock(INSTANCE)
      .get(`${V}/query/01gxx0000000001-2000`)
      .matchHeader('authorization', `Bearer ${TOKEN.access_token}`)
      .reply(
        200,
        {
          totalSize: 2,
          done: true,
          records: [leadRow('00Q5g000000000CAAA', '2026-02-01T12:00:00.000+0000')],
        },
        LIMIT_HEADER,
      );
    const { sf } = connector();
    expect(await drain(sf.pullChanges('lead', encodeCursor(AFTER), { signpost: SIGNPOST, fields: [] }))).toBe(
      2,
    );
    expect(more.isDone()).toBe(true);
  });

  it('inside a /composite stream read on another origin fails the stream before the next round', async () => {
    const composite = nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        200,
        {
          compositeResponse: ['q0', 'q1', 'q2', 'q3', 'q4'].map((referenceId, i) => ({
            referenceId,
            httpStatusCode: 200,
            body:
              i === 0
                ? {
                    totalSize: 4000,
                    done: false,
                    nextRecordsUrl: `${other.origin}${V}/query/01gTask-2000`,
                    records: [],
                  }
                : { totalSize: 0, done: true, records: [] },
          })),
        },
        LIMIT_HEADER,
      );
    const { sf } = connector();
    const err = await failure(() => drain(sf.pullActivities(null, { signpost: SIGNPOST })));
    expect(err).toMatchObject({ kind: 'config', code: 'SF_FOREIGN_URL' });
    expect(err.message).toContain(other.origin);
    expect(composite.isDone()).toBe(true);
    expect(sf.usage().calls).toEqual({ oauth: 1, composite: 1 });
    expect(other.requests).toEqual([]);
  });
});

describe('the transport under every read', () => {
  it('refuses to send the session to an origin no session was minted for, whatever path it was handed', async () => {
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    const logs = captureLogger();
    const client = new SalesforceClient(jwtConnection(), { logger: logs.logger, clock: () => new Date() });
    const err = await failure(() =>
      client.request({ method: 'GET', path: `${other.origin}${V}/jobs/query/750x/results` }),
    );
    expect(err).toMatchObject({ kind: 'config', code: 'SF_FOREIGN_URL' });
    expect(err.message).toContain(other.origin);
    expect(other.requests).toEqual([]);
    expect(logs.lines.some((l) => l['msg'] === 'salesforce request to a foreign origin refused')).toBe(true);
  });
});
