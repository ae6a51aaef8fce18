import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Activity } from '../../../src/domain/activity.ts';
import { BASE, JSON_HEADERS, NOW, RATE_HEADERS, collect, decode, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const HI = NOW.getTime();
const epoch = new Date(0).toISOString();
const emailEvents = (type: string, events: unknown[]) =>
  nock(BASE)
    .get('/email/public/v1/events')
    .query({ eventType: type, startTimestamp: '0', endTimestamp: String(HI), limit: '1000' })
    .reply(200, { events, hasMore: false, offset: 'x' }, RATE_HEADERS);

/** nock may probe a body matcher with an empty body before the real one: record only JSON bodies. */
const keep = (into: unknown[], body: unknown): boolean => {
  if (body !== null && typeof body === 'object') into.push(body);
  return true;
};

describe('pullActivities', () => {
  it('reads events per behaviour type, email events per type, engagements by search + one association batch read', async () => {
    const searches: unknown[] = [];
    const assocBodies: unknown[] = [];
    const scope = nock(BASE)
      .get('/events/v3/events/event-types')
      .reply(
        200,
        { eventTypes: ['e_visited_page', 'pe62515000_content_download', 'e_clicked_cta'] },
        RATE_HEADERS,
      )
      .get('/events/v3/events')
      .query({
        objectType: 'contact',
        eventType: 'e_visited_page',
        occurredAfter: epoch,
        occurredBefore: NOW.toISOString(),
        limit: '1000',
      })
      .reply(
        200,
        {
          results: [
            {
              id: 'ev-1',
              eventType: 'e_visited_page',
              objectId: 501,
              objectType: 'CONTACT',
              occurredAt: '2026-02-10T10:00:00.000Z',
              properties: { hs_url: 'https://acme.com/pricing', hs_page_title: 'Pricing' },
            },
          ],
          paging: { next: { after: 'cur-2' } },
        },
        RATE_HEADERS,
      )
      .get('/events/v3/events')
      .query({
        objectType: 'contact',
        eventType: 'e_visited_page',
        occurredAfter: epoch,
        occurredBefore: NOW.toISOString(),
        limit: '1000',
        after: 'cur-2',
      })
      .reply(200, { results: [] }, RATE_HEADERS)
      .get('/events/v3/events')
      .query((q) => q['eventType'] === 'pe62515000_content_download')
      .reply(
        200,
        {
          results: [
            {
              id: 'ev-2',
              eventType: 'pe62515000_content_download',
              objectId: '502',
              occurredAt: '2026-02-11T10:00:00.000Z',
              properties: {
                content_title: 'ROI guide',
                content_tag: 'whitepaper',
                hs_url: 'https://acme.com/roi.pdf',
              },
            },
          ],
        },
        RATE_HEADERS,
      )
      .get('/email/public/v1/campaigns/77')
      .reply(200, { id: 77, name: 'March newsletter' }, RATE_HEADERS)
      .post('/crm/v3/objects/calls/search', (b: unknown) => keep(searches, b))
      .reply(
        200,
        {
          total: 1,
          results: [
            {
              id: '9001',
              properties: {
                hs_timestamp: '2026-02-12T09:00:00.000Z',
                hs_lastmodifieddate: '2026-02-12T09:05:00.000Z',
                hs_call_title: 'Discovery',
                hs_call_status: 'COMPLETED',
              },
            },
          ],
        },
        JSON_HEADERS,
      )
      .post('/crm/v4/associations/calls/contacts/batch/read', (b: unknown) => keep(assocBodies, b))
      .reply(
        200,
        {
          status: 'COMPLETE',
          results: [
            {
              from: { id: '9001' },
              to: [
                { toObjectId: 501, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 194 }] },
                { toObjectId: 502, associationTypes: [] },
              ],
            },
          ],
        },
        RATE_HEADERS,
      )
      .post('/crm/v3/objects/emails/search')
      .reply(
        200,
        {
          total: 2,
          results: [
            {
              id: '9101',
              properties: {
                hs_timestamp: '1770000000000',
                hs_lastmodifieddate: '1770000000000',
                hs_email_direction: 'INCOMING_EMAIL',
                hs_email_subject: 'Re: pricing',
              },
            },
            {
              id: '9102',
              properties: {
                hs_timestamp: '1770000000000',
                hs_lastmodifieddate: '1770000000000',
                hs_email_direction: 'EMAIL',
                hs_email_subject: 'Pricing',
              },
            },
          ],
        },
        JSON_HEADERS,
      )
      .post('/crm/v4/associations/emails/contacts/batch/read')
      .reply(
        207,
        {
          status: 'COMPLETE',
          results: [{ from: { id: '9101' }, to: [{ toObjectId: '503' }] }],
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'no associations',
              context: { fromObjectId: ['9102'] },
            },
          ],
        },
        RATE_HEADERS,
      )
      .post('/crm/v3/objects/meetings/search')
      .reply(200, { total: 0, results: [] }, JSON_HEADERS);
    emailEvents('BOUNCE', []);
    emailEvents('CLICK', [
      {
        id: 'em-1',
        created: 1770100000000,
        type: 'CLICK',
        recipient: ' Jane.Doe@Example.COM ',
        emailCampaignId: 77,
        url: 'https://acme.com/demo',
      },
    ]);
    emailEvents('OPEN', [
      {
        id: 'em-2',
        created: 1770100000000,
        type: 'OPEN',
        recipient: 'jane.doe@example.com',
        emailCampaignId: 77,
      },
    ]);
    emailEvents('STATUSCHANGE', [
      {
        id: 'em-3',
        created: 1770200000000,
        type: 'STATUSCHANGE',
        recipient: 'x@example.com',
        subscriptions: [{ id: 1, status: 'UNSUBSCRIBED' }],
      },
      {
        id: 'em-4',
        created: 1770200000000,
        type: 'STATUSCHANGE',
        recipient: 'y@example.com',
        subscriptions: [{ id: 1, status: 'SUBSCRIBED' }],
      },
    ]);
    const { hs } = makeConnector();
    const { items, cursors } = await collect(hs.pullActivities(null, { signpost: NOW }));
    expect(scope.isDone()).toBe(true);
    for (const a of items) Activity.parse(a);
    expect(items.map((a) => [a.type, a.recordId, a.sourceId])).toEqual([
      ['page_view', '501', 'event:ev-1'],
      ['content_download', '502', 'event:ev-2'],
      ['email_click', 'email:jane.doe@example.com', 'email-event:em-1'],
      ['email_open', 'email:jane.doe@example.com', 'email-event:em-2'],
      ['unsubscribe', 'email:x@example.com', 'email-event:em-3'],
      ['call', '501', 'calls:9001:contact:501'],
      ['call', '502', 'calls:9001:contact:502'],
      ['email_reply', '503', 'emails:9101:contact:503'],
    ]);
    expect(items[0]).toMatchObject({
      crm: 'hubspot',
      occurredAt: '2026-02-10T10:00:00.000Z',
      url: 'https://acme.com/pricing',
      name: 'Pricing',
    });
    expect(items[1]).toMatchObject({ name: 'ROI guide', tag: 'whitepaper' });
    expect(items[2]).toMatchObject({ campaign: 'March newsletter', url: 'https://acme.com/demo' });
    expect(searches[0]).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '0' },
            { propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: String(HI) },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: [
        'hs_timestamp',
        'hs_lastmodifieddate',
        'hs_call_title',
        'hs_call_status',
        'hs_call_direction',
      ],
      limit: 200,
    });
    expect(assocBodies).toEqual([{ inputs: [{ id: '9001' }] }]);
    const last = decode(cursors.at(-1) ?? '');
    expect(Object.keys(last['done'] as object).sort()).toEqual([
      'email:BOUNCE',
      'email:CLICK',
      'email:OPEN',
      'email:STATUSCHANGE',
      'engagement:calls',
      'engagement:emails',
      'engagement:meetings',
      'event:e_visited_page',
      'event:pe62515000_content_download',
    ]);
    expect(last['current']).toBeUndefined();
    // The campaign name is looked up once for two events.
    expect(hs.usage().calls).toMatchObject({
      events: 4,
      'email-events': 4,
      'email-campaigns': 1,
      search: 3,
      associations: 2,
    });
    // No engagements, no association read.
    expect(hs.usage().totalCalls).toBe(14);
  });

  it('a stream already read up to the signpost is skipped; pullOpportunities yields nothing', async () => {
    nock(BASE).get('/events/v3/events/event-types').reply(200, { eventTypes: [] }, RATE_HEADERS);
    const streams = ['BOUNCE', 'CLICK', 'OPEN', 'STATUSCHANGE']
      .map((t) => `email:${t}`)
      .concat(['calls', 'emails', 'meetings'].map((t) => `engagement:${t}`));
    const cursor = Buffer.from(
      JSON.stringify({ v: 1, done: Object.fromEntries(streams.map((s) => [s, { hi: HI, seen: [] }])) }),
    ).toString('base64url');
    const { hs } = makeConnector();
    const { items, cursors } = await collect(hs.pullActivities(cursor, { signpost: NOW }));
    expect(items).toEqual([]);
    expect(cursors).toHaveLength(1);
    expect(hs.usage().totalCalls).toBe(1);
    expect((await collect(hs.pullOpportunities(null, { signpost: NOW }))).items).toEqual([]);
  });
});
