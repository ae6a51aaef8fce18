/**
 * Associations v4 batch read pages per object: an engagement with more contacts than one page answers
 * with `paging.next.after`, and the next page is asked for as `{ id, after }` (the documented input). Before,
 * the connector read the first page only, so contacts past it were never credited with the activity.
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/read
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readContactAssociations } from '../../../connectors/hubspot/read-engagements.ts';
import { HS_BASE, hubspotApi } from '../vendor-fixtures/hubspot-replay.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const PATH = '/crm/v4/associations/meetings/contacts/batch/read';
const to = (...ids: string[]) => ids.map((id) => ({ toObjectId: id, associationTypes: [] }));

describe('associations paging', () => {
  it('follows paging.next.after per object until every contact is read', async () => {
    const bodies: unknown[] = [];
    nock(HS_BASE)
      .post(PATH, (b: unknown) => (bodies.push(b), true))
      .reply(200, {
        status: 'COMPLETE',
        results: [
          { from: { id: 'm1' }, to: to('1', '2'), paging: { next: { after: 'p2', link: 'x' } } },
          { from: { id: 'm2' }, to: to('9') },
        ],
      })
      .post(PATH, (b: unknown) => (bodies.push(b), true))
      .reply(200, { status: 'COMPLETE', results: [{ from: { id: 'm1' }, to: to('3') }] });
    const out = await readContactAssociations(hubspotApi(), 'meetings', ['m1', 'm2']);
    expect(Object.fromEntries(out)).toEqual({ m1: ['1', '2', '3'], m2: ['9'] });
    expect(bodies).toEqual([
      { inputs: [{ id: 'm1' }, { id: 'm2' }] },
      { inputs: [{ id: 'm1', after: 'p2' }] },
    ]);
  });

  it('fails the read when HubSpot hands the same cursor back', async () => {
    const page = {
      status: 'COMPLETE',
      results: [{ from: { id: 'm1' }, to: to('1'), paging: { next: { after: 'same' } } }],
    };
    nock(HS_BASE).post(PATH).times(3).reply(200, page);
    await expect(readContactAssociations(hubspotApi(), 'meetings', ['m1'])).rejects.toMatchObject({
      code: 'HUBSPOT_PAGING_LOOP',
    });
  });
});
