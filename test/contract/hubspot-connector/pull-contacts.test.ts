import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../connectors/hubspot/cursor.ts';
import { BASE, NOW, RATE_HEADERS, TOKEN, collect, contact, decode, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const SIGNPOST = NOW;
const FIELDS = ['firstname', 'leadloop_score'];
const PROPS = 'firstname,leadloop_score,email,lastmodifieddate,createdate,hs_object_id,hs_merged_object_ids';

describe('full pull through the list endpoint', () => {
  it('pages with `after` 100 at a time, asks only for the needed properties, and ends on a signpost cursor', async () => {
    const scope = nock(BASE)
      .get('/crm/v3/objects/contacts')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .query({ limit: '100', properties: PROPS, archived: 'false' })
      .reply(
        200,
        {
          results: [contact('1', '2026-03-01T10:00:00.000Z'), contact('2', '1740000000000')],
          paging: { next: { after: 'NTI1Cg%3D%3D', link: '?after=x' } },
        },
        RATE_HEADERS,
      )
      .get('/crm/v3/objects/contacts')
      .query({ limit: '100', properties: PROPS, archived: 'false', after: 'NTI1Cg%3D%3D' })
      .reply(
        200,
        { results: [contact('3', '2026-03-02T11:59:00.000Z', { leadloop_score: '42' })] },
        RATE_HEADERS,
      );
    const { hs } = makeConnector();
    const { items, cursors } = await collect(
      hs.pullChanges('contact', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(scope.isDone()).toBe(true);
    expect(items.map((r) => r.id)).toEqual(['1', '2', '3']);
    // Epoch-ms strings become ISO; numbers stay strings (mapping converts).
    expect(items[1]?.modifiedAt).toBe('2025-02-19T21:20:00.000Z');
    expect(items[2]).toMatchObject({
      crm: 'hubspot',
      object: 'contact',
      deleted: false,
      fields: { leadloop_score: '42' },
    });
    expect(decode(cursors[0] ?? '')).toMatchObject({ phase: 'list', after: 'NTI1Cg%3D%3D' });
    // The record inside the lookback tail is remembered so the next window's overlap drops it.
    expect(decode(cursors[1] ?? '')).toEqual({
      v: 1,
      phase: 'done',
      hi: SIGNPOST.getTime(),
      seen: [`3@${Date.parse('2026-03-02T11:59:00.000Z')}`],
    });
    expect(hs.usage()).toMatchObject({
      calls: { list: 2 },
      totalCalls: 2,
      quota: { dailyLimit: 625000, dailyUsed: 25000, windowMax: 190, windowRemaining: 189 },
    });
  });

  it('treats an unreadable cursor as a full pull', async () => {
    const scope = nock(BASE)
      .get('/crm/v3/objects/contacts')
      .query(true)
      .reply(200, { results: [] }, RATE_HEADERS);
    const { hs } = makeConnector();
    const { cursors } = await collect(hs.pullChanges('contact', 'not-a-cursor', { signpost: SIGNPOST }));
    expect(scope.isDone()).toBe(true);
    expect(decode(cursors[0] ?? '')).toMatchObject({ phase: 'done', hi: SIGNPOST.getTime() });
  });
});

describe('incremental pull through search', () => {
  const prevHi = SIGNPOST.getTime() - 15 * 60_000;
  const lo = prevHi - 3_600_000; // the default lookback: an hour
  const done = encodeCursor({ v: 1, phase: 'done', hi: prevHi, seen: ['7@' + String(prevHi - 1000)] });

  it('keysets on (lastmodifieddate window, hs_object_id), 200 per call, no `after` offset, then sweeps archived contacts', async () => {
    const bodies: unknown[] = [];
    const page1 = Array.from({ length: 200 }, (_, i) =>
      contact(String(100 + i), new Date(prevHi + 1000).toISOString()),
    );
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/search', (b: unknown) => {
        bodies.push(b);
        return true;
      })
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(
        200,
        { total: 203, results: page1, paging: { next: { after: '200' } } },
        { 'Content-Type': 'application/json' },
      )
      .post('/crm/v3/objects/contacts/search', (b: unknown) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        {
          total: 3,
          results: [
            contact('7', new Date(prevHi - 1000).toISOString()),
            contact('300', new Date(prevHi + 5).toISOString()),
            contact('301', new Date(prevHi + 6).toISOString()),
          ],
        },
        { 'Content-Type': 'application/json' },
      )
      .get('/crm/v3/objects/contacts')
      .query({ limit: '100', properties: 'email,lastmodifieddate', archived: 'true' })
      .reply(
        200,
        {
          results: [
            {
              ...contact('900', '2026-01-01T00:00:00.000Z'),
              archived: true,
              archivedAt: new Date(prevHi + 10).toISOString(),
            },
            {
              ...contact('901', '2026-01-01T00:00:00.000Z'),
              archived: true,
              archivedAt: '2025-06-01T00:00:00.000Z',
            },
          ],
        },
        RATE_HEADERS,
      );
    const { hs } = makeConnector();
    const { items, cursors } = await collect(
      hs.pullChanges('contact', done, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(scope.isDone()).toBe(true);
    const filters = [
      { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(lo) },
      { propertyName: 'lastmodifieddate', operator: 'LTE', value: String(SIGNPOST.getTime()) },
    ];
    expect(bodies[0]).toEqual({
      filterGroups: [{ filters }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: PROPS.split(','),
      limit: 200,
    });
    expect(bodies[1]).toEqual({
      filterGroups: [
        { filters: [...filters, { propertyName: 'hs_object_id', operator: 'GT', value: '299' }] },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: PROPS.split(','),
      limit: 200,
    });
    // Contact 7 with the same stamp was read by the previous window's overlap: dropped. 901 was archived long ago.
    expect(items.filter((r) => !r.deleted).map((r) => r.id)).toEqual([
      ...page1.map((c) => c.id),
      '300',
      '301',
    ]);
    expect(items.filter((r) => r.deleted).map((r) => [r.id, r.modifiedAt])).toEqual([
      ['900', new Date(prevHi + 10).toISOString()],
    ]);
    expect(cursors.map((c) => decode(c)['phase'])).toEqual(['window', 'archived', 'done']);
    expect(decode(cursors.at(-1) ?? '')).toMatchObject({ phase: 'done', hi: SIGNPOST.getTime() });
    expect(hs.usage().calls).toEqual({ search: 2, 'list-archived': 1 });
  });

  it('never passes the signpost: a run whose signpost is not after the cursor reads nothing', async () => {
    const { hs } = makeConnector();
    const { items, cursors } = await collect(hs.pullChanges('contact', done, { signpost: new Date(prevHi) }));
    expect(items).toEqual([]);
    expect(cursors).toEqual([done]);
    expect(hs.usage().totalCalls).toBe(0);
  });

  it('`since` ignores the cursor and reads the window [since, signpost]', async () => {
    let body = '';
    nock(BASE)
      .post('/crm/v3/objects/contacts/search', (b: unknown) => {
        if (b && typeof b === 'object') body = JSON.stringify(b);
        return true;
      })
      .reply(200, { total: 0, results: [] }, { 'Content-Type': 'application/json' })
      .get('/crm/v3/objects/contacts')
      .query(true)
      .reply(200, { results: [] }, RATE_HEADERS);
    const since = new Date(SIGNPOST.getTime() - 3600_000);
    const { hs } = makeConnector();
    const { cursors } = await collect(hs.pullChanges('contact', done, { signpost: SIGNPOST, since }));
    expect(body).toContain(
      `{"propertyName":"lastmodifieddate","operator":"GTE","value":"${since.getTime()}"}`,
    );
    expect(decode(cursors.at(-1) ?? '')).toMatchObject({ phase: 'done', hi: SIGNPOST.getTime() });
  });

  it('resumes a window mid-way from its page cursor', async () => {
    const mid = encodeCursor({
      v: 1,
      phase: 'window',
      window: { lo, hi: prevHi + 60_000, afterId: '555', seen: [], prevSeen: [] },
    });
    let body: unknown;
    nock(BASE)
      .post('/crm/v3/objects/contacts/search', (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { total: 0, results: [] }, { 'Content-Type': 'application/json' })
      .get('/crm/v3/objects/contacts')
      .query(true)
      .reply(200, { results: [] }, RATE_HEADERS);
    const { hs } = makeConnector();
    const { cursors } = await collect(hs.pullChanges('contact', mid, { signpost: SIGNPOST }));
    expect(JSON.stringify(body)).toContain('"value":"555"');
    expect(JSON.stringify(body)).toContain(`"value":"${prevHi + 60_000}"`);
    expect(decode(cursors.at(-1) ?? '')).toMatchObject({ phase: 'done', hi: prevHi + 60_000 });
  });
});
