/**
 * Issue 10: a paging cursor HubSpot hands back twice in one stream fails that stream with
 * HUBSPOT_PAGING_LOOP (object and cursor named) instead of being followed up to the million-page cap.
 * Token paging (contacts list, archived sweep, Events v3) runs on the sandbox with its `repeatPagingCursor`
 * fault; the search keyset, which has no token, on nock. Each read is cut off after a few pages, so code
 * that would loop fails the test at once instead of running for a million pages.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxActivity } from '../../../connectors/sandbox/dataset.ts';
import { encodeCursor } from '../../../connectors/hubspot/cursor.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { BASE, NOW, contact, makeConnector } from './helpers.ts';
import { dataset, people, sandboxConnector, served, withSandbox, stamp } from './sandbox-helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const MAX_PAGES = 20;

/** Reads at most MAX_PAGES pages; the error the stream ended with, or a note that it kept going. */
async function endOf(pages: AsyncIterable<unknown>): Promise<SyncError | string> {
  let n = 0;
  try {
    for await (const _ of pages) if (++n >= MAX_PAGES) return `still paging after ${n} pages`;
  } catch (err) {
    if (err instanceof SyncError) return err;
    throw err;
  }
  return `ended after ${n} pages without an error`;
}

describe('token paging that hands a cursor back twice', () => {
  it('the contacts list stops at the repeat, naming contacts and the cursor', async () => {
    await withSandbox({ dataset: dataset(people(350, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      sb.setFaults({ repeatPagingCursor: true });
      sb.resetStats();
      const end = await endOf(hs.pullChanges('contact', null, { signpost: new Date(), fields: [] }));
      expect(end).toBeInstanceOf(SyncError);
      const err = end as SyncError;
      expect(err.code).toBe('HUBSPOT_PAGING_LOOP');
      expect(err.kind).toBe('transient');
      expect(err.context).toMatchObject({ object: 'contacts' });
      expect(err.message).toMatch(
        /^HubSpot handed back the paging cursor "[^"]+" twice while reading contacts;/,
      );
      // Page one hands out cursor A, page two (asked with A) hands A back: two calls, no third.
      expect(served(sb, 'contacts.list')).toBe(2);
    });
  });

  it('the archived sweep of a full resync stops the same way', async () => {
    await withSandbox({ dataset: dataset(people(250, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      for (let i = 0; i < 230; i++) sb.store.archiveContact(sb.store.contactIdForPersonKey(`p${i}`) ?? '');
      sb.setFaults({ repeatPagingCursor: true });
      // An archived-phase checkpoint: the sweep of contacts archived since `lo`.
      const cursor = encodeCursor({ v: 1, phase: 'archived', lo: 0, hi: Date.now(), seen: [] });
      const end = await endOf(hs.pullChanges('contact', cursor, { signpost: new Date(), fields: [] }));
      expect(end).toMatchObject({ code: 'HUBSPOT_PAGING_LOOP', context: { object: 'archived contacts' } });
    });
  });

  it('an Events v3 stream stops at the repeat, naming its event type', async () => {
    const views: SandboxActivity[] = Array.from({ length: 1200 }, (_, i) => ({
      key: `v${i}`,
      personKey: `p${i % 10}`,
      crm: 'hubspot',
      type: 'page_view',
      occurredAt: stamp(i),
      url: 'https://acme.example/pricing',
    }));
    await withSandbox({ dataset: dataset(people(10, stamp), views) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      sb.setFaults({ repeatPagingCursor: true });
      const end = await endOf(hs.pullActivities(null, { signpost: new Date() }));
      expect(end).toMatchObject({ code: 'HUBSPOT_PAGING_LOOP', context: { object: 'event:e_visited_page' } });
    });
  });

  it('an Email Events stream stops at the repeated offset, naming its type', async () => {
    const opens: SandboxActivity[] = Array.from({ length: 1200 }, (_, i) => ({
      key: `o${i}`,
      personKey: `p${i % 10}`,
      crm: 'hubspot',
      type: 'email_open',
      occurredAt: stamp(i),
      campaign: 'March newsletter',
    }));
    await withSandbox({ dataset: dataset(people(10, stamp), opens) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      sb.setFaults({ repeatPagingCursor: true });
      const end = await endOf(hs.pullActivities(null, { signpost: new Date() }));
      expect(end).toMatchObject({ code: 'HUBSPOT_PAGING_LOOP', context: { object: 'email:OPEN' } });
    });
  });

  it('without the fault the same reads end normally', async () => {
    await withSandbox({ dataset: dataset(people(350, stamp)) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      expect(await endOf(hs.pullChanges('contact', null, { signpost: new Date(), fields: [] }))).toBe(
        'ended after 4 pages without an error',
      );
    });
  });
});

describe('search keyset that does not move', () => {
  it('a full search page whose ids never pass afterId stops with the object and the keyset', async () => {
    const prevHi = NOW.getTime() - 15 * 60_000;
    const same = Array.from({ length: 200 }, (_, i) =>
      contact(String(100 + i), new Date(prevHi + 1000).toISOString()),
    );
    // A server that ignores `hs_object_id GT`: the same 200 contacts (ids 100-299) on every call.
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/search')
      .times(MAX_PAGES + 2)
      .reply(
        200,
        { total: 5000, results: same, paging: { next: { after: '200' } } },
        { 'Content-Type': 'application/json' },
      );
    const { hs } = makeConnector();
    const done = encodeCursor({ v: 1, phase: 'done', hi: prevHi, seen: [] });
    const end = await endOf(hs.pullChanges('contact', done, { signpost: NOW, fields: [] }));
    expect(end).toMatchObject({
      code: 'HUBSPOT_PAGING_LOOP',
      context: { object: 'contacts search', cursor: 'hs_object_id > 299' },
    });
    expect(scope.pendingMocks()).toHaveLength(1);
    expect(hs.usage().calls).toEqual({ search: 2 });
    nock.cleanAll();
  });
});
